package dev.berth.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class QrCodeSvgTest {

  @Test
  void of_otpauthUri_drawsQrSizeWithQuietZone() {
    String svg = QrCodeSvg.of("otpauth://totp/Berth:alice?secret=JBSWY3DPEHPK3PXP&issuer=Berth");

    Matcher viewBox = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertThat(viewBox.find()).isTrue();
    int size = Integer.parseInt(viewBox.group(1));
    assertThat(viewBox.group(2)).isEqualTo(viewBox.group(1));
    // A QR code of version v has 17 + 4v modules per side; 4 quiet modules go on each side.
    assertThat((size - 8 - 17) % 4).isZero();
    // Every symbol starts with the top-left finder pattern, right after the quiet zone.
    assertThat(svg).contains("<path d=\"M4,4h1v1h-1z");
    assertThat(svg).doesNotContain("style=").doesNotContain("<script");
  }
}
