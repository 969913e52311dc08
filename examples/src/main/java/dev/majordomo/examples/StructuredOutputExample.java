package dev.majordomo.examples;

import dev.majordomo.Assistants;
import dev.majordomo.MajordomoException;
import dev.majordomo.Reply;
import dev.majordomo.annotations.Description;
import dev.majordomo.annotations.Llm;
import dev.majordomo.annotations.Prompt;
import dev.majordomo.annotations.SystemPrompt;
import dev.majordomo.media.Image;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * Example 3: structured output and images. {@code read} returns a record: the processor writes a
 * strict JSON schema for {@link Receipt} at compile time, the provider sends it with the request
 * ({@code response_format} for OpenAI), and the reply is decoded into the record. The photo
 * parameter is sent as an image part after the prompt's text.
 *
 * <p>A target known not to take images is skipped: Ollama's {@code llama3.2} reports no vision, so
 * with Ollama running the chain moves on for these two calls.
 */
public final class StructuredOutputExample {
  private StructuredOutputExample() {}

  @Llm(chain = "fast")
  interface ReceiptReader {
    @SystemPrompt("You read receipts. Copy names as printed; amounts are plain numbers.")
    @Prompt("Read this receipt.")
    Reply<Receipt> read(Image photo);

    @Prompt("Describe this picture in one sentence.")
    Reply<String> describe(Image photo);
  }

  /**
   * A receipt, as the model reads it.
   *
   * @param merchant the shop's name
   * @param items every line of the receipt
   * @param total the total paid
   */
  record Receipt(
      String merchant,
      @Description("the date printed on the receipt") LocalDate date,
      List<LineItem> items,
      BigDecimal total,
      @Description("ISO 4217 code, e.g. EUR") String currency,
      Category category) {}

  /** One line of a receipt. */
  record LineItem(String description, int quantity, BigDecimal price) {}

  /** What kind of expense a receipt is. */
  enum Category {
    FOOD,
    TRAVEL,
    OFFICE,
    OTHER
  }

  public static void main(String[] args) {
    ExampleSetup.runAlone(StructuredOutputExample::run);
  }

  static void run(ExampleSetup setup) {
    setup.title("Example 3: structured output into records, with an image");
    ReceiptReader reader = Assistants.create(ReceiptReader.class, setup.registry());
    Image receipt = receiptImage();
    setup
        .out()
        .println(
            "Image: receipt.png, "
                + receipt.mimeType().orElse("?")
                + ", "
                + receipt.byteCount()
                + " bytes");

    Reply<Receipt> read = reader.read(receipt);
    setup.printReply("reader.read(receipt)", read);
    Receipt r = read.value();
    setup
        .out()
        .println(
            "Decoded: merchant="
                + r.merchant()
                + ", date="
                + r.date()
                + ", "
                + r.items().size()
                + " item(s), total="
                + r.total()
                + " "
                + r.currency()
                + ", category="
                + r.category());

    setup.printReply("reader.describe(receipt)", reader.describe(receipt));
  }

  /** A photo of a café receipt, shipped with the examples. */
  static Image receiptImage() {
    try (InputStream in = StructuredOutputExample.class.getResourceAsStream("receipt.png")) {
      if (in == null) {
        throw new MajordomoException("receipt.png is missing from the examples' resources");
      }
      return Image.fromStream(in);
    } catch (IOException e) {
      throw new MajordomoException("could not read receipt.png: " + e.getMessage(), e);
    }
  }
}
