package dev.majordomo.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageLimitsTest {
  private static final Set<String> ALL =
      Set.of("image/png", "image/jpeg", "image/webp", "image/gif");

  private static ImageLimits limits(
      long maxBytes, int maxWidth, int maxHeight, int longSide, int shortSide) {
    return new ImageLimits(
        "testprov", ALL, maxBytes, maxWidth, maxHeight, false, 3, 0, longSide, shortSide);
  }

  private static BufferedImage decode(Image image) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(image.bytes().orElseThrow()));
  }

  @Test
  void anImageWithinTheLimitsIsSentAsItIs() {
    Image image = Image.fromBytes(TestImages.png(40, 30));
    assertThat(ImageLimits.OPENAI.fit(image, false)).isSameAs(image);
    assertThat(ImageLimits.OPENAI.fit(image, true)).isSameAs(image);
  }

  @Test
  void urlsAreNeverFetchedOrChecked() {
    Image url = Image.fromUrl(URI.create("https://example.com/huge.png"));
    assertThat(ImageLimits.OPENAI.fit(url, true)).isSameAs(url);
  }

  @Test
  void overTheByteLimitWithoutDownscalingIsRefusedWithAHint() {
    Image image = Image.fromBytes(TestImages.png(64, 64));
    assertThatThrownBy(() -> limits(100, 0, 0, 0, 0).fit(image, false))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("image/png image of 64×64 px and " + image.byteCount() + " bytes")
        .hasMessageContaining("over testprov's limits (at most 100 bytes)")
        .hasMessageContaining("downscale_images=true");
  }

  @Test
  void overThePixelLimitIsDownscaledKeepingTheAspectRatio() throws Exception {
    Image image = Image.fromBytes(TestImages.png(400, 100));
    ImageLimits l = limits(0, 200, 200, 0, 0);
    assertThatThrownBy(() -> l.fit(image, false)).hasMessageContaining("at most 200×200 px");
    Image scaled = l.fit(image, true);
    assertThat(scaled.mimeType()).contains("image/png");
    BufferedImage out = decode(scaled);
    assertThat(out.getWidth()).isEqualTo(200);
    assertThat(out.getHeight()).isEqualTo(50);
    assertThat(out.getColorModel().hasAlpha()).isTrue();
  }

  @Test
  void openAiRecommendedSizeFitsTheShortSideTo768() throws Exception {
    Image scaled = ImageLimits.OPENAI.fit(Image.fromBytes(TestImages.jpeg(1000, 1000)), true);
    assertThat(scaled.mimeType()).contains("image/jpeg");
    BufferedImage out = decode(scaled);
    assertThat(out.getWidth()).isEqualTo(768);
    assertThat(out.getHeight()).isEqualTo(768);
  }

  @Test
  void aLargeReductionIsDoneInSteps() throws Exception {
    Image scaled = limits(0, 0, 0, 50, 0).fit(Image.fromBytes(TestImages.jpeg(900, 300)), true);
    BufferedImage out = decode(scaled);
    assertThat(out.getWidth()).isEqualTo(50);
    assertThat(out.getHeight()).isEqualTo(16);
  }

  @Test
  void aStillGifBecomesAPngWhenScaled() {
    Image scaled = limits(0, 10, 10, 0, 0).fit(Image.fromBytes(TestImages.gif(20, 20)), true);
    assertThat(scaled.mimeType()).contains("image/png");
  }

  @Test
  void tooManyBytesEvenAfterScalingIsRefused() {
    Image image = Image.fromBytes(TestImages.png(300, 300));
    assertThatThrownBy(() -> limits(60, 0, 0, 100, 100).fit(image, true))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("after scaling to 100×100")
        .hasMessageContaining("over testprov's limit of 60");
  }

  @Test
  void formatsTheProviderDoesNotTakeAreRefused() {
    ImageLimits pngOnly = new ImageLimits("p", Set.of("image/png"), 0, 0, 0, false, 0, 0, 0, 0);
    assertThatThrownBy(() -> pngOnly.fit(Image.fromBytes(TestImages.gif(4, 4)), true))
        .isInstanceOf(ImageException.class)
        .hasMessage("p does not accept image/gif images (accepts [image/png])");
  }

  @Test
  void animatedImagesAreRefusedWhereNotAllowed() {
    assertThatThrownBy(
            () -> ImageLimits.OPENAI.fit(Image.fromBytes(TestImages.animatedGif(8, 8)), true))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("openai does not accept animated images");
    Image animated = Image.fromBytes(TestImages.animatedGif(8, 8));
    assertThat(ImageLimits.NONE.fit(animated, false)).isSameAs(animated);
  }

  @Test
  void aWebpThatNeedsScalingNeedsADecoder() {
    Image webp = Image.fromBytes(TestImages.webpLossless(3000, 3000));
    assertThat(ImageLimits.OPENAI.fit(webp, false)).isSameAs(webp);
    if (ImageIO.getImageReadersByMIMEType("image/webp").hasNext()) {
      return; // A WebP plugin is installed: scaling would work.
    }
    assertThatThrownBy(() -> ImageLimits.OPENAI.fit(webp, true))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("no ImageIO decoder");
  }

  @Test
  void aRequestIsCheckedForCountAndTotalBytes() {
    Image small = Image.fromBytes(TestImages.png(4, 4));
    Image url = Image.fromUrl(URI.create("https://example.com/a.png"));
    ImageLimits l = limits(0, 0, 0, 0, 0);
    l.checkRequest(List.of(small, url, small));
    assertThatThrownBy(() -> l.checkRequest(List.of(small, url, small, url)))
        .isInstanceOf(ImageException.class)
        .hasMessage("the request has 4 images; testprov accepts at most 3");
    ImageLimits total = new ImageLimits("t", ALL, 0, 0, 0, false, 0, small.byteCount() + 1L, 0, 0);
    assertThatThrownBy(() -> total.checkRequest(List.of(small, small)))
        .hasMessageContaining("bytes of images; t accepts at most");
  }

  @Test
  void negativeLimitsAreRejected() {
    assertThatThrownBy(() -> new ImageLimits("x", ALL, -1, 0, 0, false, 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
