package dev.majordomo.provider;

import dev.majordomo.llm.ProviderContext;
import dev.majordomo.time.TimeSource;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import okhttp3.OkHttpClient;

/**
 * A {@link ProviderContext} for provider tests: an environment from a map (never the process's), an
 * injected clock and client.
 */
public record TestProviderContext(
    Map<String, String> variables, TimeSource time, OkHttpClient httpClient)
    implements ProviderContext {

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(variables.get(name));
  }

  /** A real PNG of the given size, for image tests. */
  public static byte[] png(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, 0xFF0000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
