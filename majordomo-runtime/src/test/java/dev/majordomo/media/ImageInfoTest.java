package dev.majordomo.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageInfoTest {

  @Test
  void readsTheSizeOfEveryFormatFromItsHeader() {
    assertThat(ImageInfo.read(TestImages.png(37, 21), "image/png"))
        .isEqualTo(new ImageInfo(37, 21, false));
    assertThat(ImageInfo.read(TestImages.jpeg(64, 48), "image/jpeg"))
        .isEqualTo(new ImageInfo(64, 48, false));
    assertThat(ImageInfo.read(TestImages.gif(9, 13), "image/gif"))
        .isEqualTo(new ImageInfo(9, 13, false));
    assertThat(ImageInfo.read(TestImages.webpLossless(300, 200), "image/webp"))
        .isEqualTo(new ImageInfo(300, 200, false));
    assertThat(ImageInfo.read(TestImages.webpLossy(640, 480), "image/webp"))
        .isEqualTo(new ImageInfo(640, 480, false));
    assertThat(ImageInfo.read(TestImages.webpExtended(5000, 70000, false), "image/webp"))
        .isEqualTo(new ImageInfo(5000, 70000, false));
  }

  @Test
  void tellsAnimatedImages() {
    assertThat(ImageInfo.read(TestImages.animatedGif(8, 8), "image/gif").animated()).isTrue();
    assertThat(ImageInfo.read(TestImages.webpExtended(8, 8, true), "image/webp").animated())
        .isTrue();
  }

  @Test
  void aTruncatedOrCorruptHeaderIsAClearImageException() {
    byte[] png = TestImages.png(4, 4);
    assertThatThrownBy(() -> ImageInfo.read(Arrays.copyOf(png, 14), "image/png"))
        .isInstanceOf(ImageException.class)
        .hasMessage("unreadable image/png image: the header is truncated");
    byte[] wrongChunk = png.clone();
    wrongChunk[12] = 'X';
    assertThatThrownBy(() -> ImageInfo.read(wrongChunk, "image/png"))
        .hasMessageContaining("the first chunk is not IHDR");
    assertThatThrownBy(
            () ->
                ImageInfo.read(
                    new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9}, "image/jpeg"))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("no frame header");
    byte[] webp = TestImages.webpLossless(4, 4);
    webp[15] = 'Q';
    assertThatThrownBy(() -> ImageInfo.read(webp, "image/webp"))
        .hasMessageContaining("unknown chunk 'VP8Q'");
  }
}
