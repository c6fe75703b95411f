package dev.fetchpipe.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DispositionNameTest {

  @Test
  void plainQuotedAndTokenNames() {
    assertEquals("report.pdf", DispositionName.of("attachment; filename=report.pdf"));
    assertEquals("my_report.pdf", DispositionName.of("attachment; filename=\"my report.pdf\""));
    assertEquals("a_b.txt", DispositionName.of("inline; FILENAME=\"a\\\"b.txt\""));
  }

  @Test
  void extendedNameWinsOverPlainOne() {
    assertEquals("Москва_rates.pdf",
        DispositionName.of("attachment; filename=\"EUR rates.pdf\"; filename*=UTF-8''%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0%20rates.pdf"));
    assertEquals("_.pdf", DispositionName.of("attachment; filename*=utf-8'en'%E2%82%AC.pdf; filename=x.pdf"));
    assertEquals("naïve.txt", DispositionName.of("attachment; filename*=iso-8859-1''na%EFve.txt"));
  }

  @Test
  void aBadExtendedNameFallsBackToThePlainOne() {
    assertEquals("x.pdf", DispositionName.of("attachment; filename*=KOI8-R''%C1.pdf; filename=x.pdf"));
    assertEquals("x.pdf", DispositionName.of("attachment; filename*=UTF-8''%ZZ.pdf; filename=x.pdf"));
    assertEquals("x.pdf", DispositionName.of("attachment; filename*=UTF-8''%FF.pdf; filename=x.pdf"));
  }

  @Test
  void hostileNamesAreMadeSafe() {
    assertEquals("passwd", DispositionName.of("attachment; filename=\"../../etc/passwd\""));
    assertEquals("passwd", DispositionName.of("attachment; filename*=UTF-8''%2Fetc%2Fpasswd"));
    assertEquals("evil.exe", DispositionName.of("attachment; filename=\"C:\\\\Windows\\\\evil.exe\""));
    assertEquals("a_b", DispositionName.of("attachment; filename*=UTF-8''a%00b"));
    assertEquals("a_b", DispositionName.of("attachment; filename*=UTF-8''a%0Ab"));
    assertEquals("bashrc", DispositionName.of("attachment; filename=.bashrc"));
    assertEquals("index", DispositionName.of("attachment; filename=\"..\""));
    assertEquals("_con.txt", DispositionName.of("attachment; filename=con.txt"));
    assertEquals("fetchpipe-journal", DispositionName.of("attachment; filename=.fetchpipe-journal"));
    String longName = DispositionName.of("attachment; filename=" + "x".repeat(1000) + ".bin");
    assertEquals(FileNames.MAX_BYTES, FileNames.utf8Length(longName));
  }

  @Test
  void noUsableNameIsNull() {
    assertNull(DispositionName.of(null));
    assertNull(DispositionName.of("attachment"));
    assertNull(DispositionName.of("attachment; size=3"));
    assertNull(DispositionName.of("attachment; filename=\"unclosed"));
    assertNull(DispositionName.of("attachment; filename=\"a\" junk"));
    assertNull(DispositionName.of("attachment; filename="));
    assertNull(DispositionName.of("attachment; filename=\"dir/\""));
    assertNull(DispositionName.of("attachment; filename=" + "x".repeat(5000)));
  }
}
