package dev.fetchpipe.origin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fetchpipe.config.CountryCodes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FlagImagesTest {

  @Test
  void everyCodeDecodesAsThirtyByTwentyGif() throws IOException {
    for (String code : CountryCodes.all()) {
      byte[] gif = FlagImages.gif(code);
      assertEquals("GIF8", new String(gif, 0, 4, StandardCharsets.US_ASCII), code);
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(gif));
      assertNotNull(image, code);
      assertEquals(FlagImages.WIDTH, image.getWidth(), code);
      assertEquals(FlagImages.HEIGHT, image.getHeight(), code);
    }
  }

  @Test
  void everyFlagHasThreeStripes() throws IOException {
    for (String code : CountryCodes.all()) {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(FlagImages.gif(code)));
      Set<Integer> colors = new TreeSet<>();
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          colors.add(image.getRGB(x, y));
        }
      }
      assertEquals(3, colors.size(), code);
    }
  }

  @Test
  void sameCodeGivesSameBytesInEitherCase() {
    assertArrayEquals(FlagImages.gif("BR"), FlagImages.gif("BR"));
    assertArrayEquals(FlagImages.gif("BR"), FlagImages.gif("br"));
  }

  @Test
  void encodingAfreshGivesTheCachedBytes() {
    // The cache would hide an encoder that varies between runs; render() bypasses it.
    for (String code : CountryCodes.all()) {
      assertArrayEquals(FlagImages.gif(code), FlagImages.render(code), code);
    }
  }

  @Test
  void differentCodesGiveDifferentBytes() {
    Set<String> distinct = new HashSet<>();
    for (String code : CountryCodes.all()) {
      distinct.add(Arrays.toString(FlagImages.gif(code)));
    }
    assertEquals(CountryCodes.all().size(), distinct.size());
  }

  @Test
  void callersCannotChangeTheCachedFlag() {
    byte[] first = FlagImages.gif("US");
    Arrays.fill(first, (byte) 0);
    assertEquals("GIF8", new String(FlagImages.gif("US"), 0, 4, StandardCharsets.US_ASCII));
  }

  @Test
  void unknownCodeIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> FlagImages.gif("ZZ"));
  }
}
