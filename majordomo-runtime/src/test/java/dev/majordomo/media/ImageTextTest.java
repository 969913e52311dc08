package dev.majordomo.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** What an image's text shows of its URL: never user info, a query or a fragment. */
class ImageTextTest {

  @Test
  void aSignedUrlShowsItsPlaceNotItsSignature() {
    Image image =
        Image.fromUrl(
            URI.create(
                "https://bucket.s3.amazonaws.com/a/cat.png?X-Amz-Signature=f00dcafe&X-Amz-Credential=AKID"));

    assertThat(image).hasToString("Image[https://bucket.s3.amazonaws.com/a/cat.png?…]");
  }

  @Test
  void userInfoAndFragmentsAreLeftOutAndPortsKept() {
    assertThat(Image.fromUrl(URI.create("https://ada:s3cret@images.example:8443/x.png#frag")))
        .hasToString("Image[https://images.example:8443/x.png?…]");
    assertThat(Image.fromUrl(URI.create("http://[::1]:9000/x.png")))
        .hasToString("Image[http://[::1]:9000/x.png]");
    assertThat(Image.fromUrl(URI.create("https://images.example/plain.png")))
        .hasToString("Image[https://images.example/plain.png]");
  }
}
