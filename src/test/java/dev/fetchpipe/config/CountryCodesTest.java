package dev.fetchpipe.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CountryCodesTest {

  @Test
  void thereAre194UpperCaseCodesInFileOrder() {
    List<String> codes = CountryCodes.all();
    assertEquals(194, codes.size());
    assertTrue(codes.stream().allMatch(code -> code.matches("[A-Z]{2}")), codes.toString());
    assertEquals(codes.stream().sorted().toList(), codes);
    assertEquals("AD", codes.get(0));
  }

  @Test
  void knownCodesIgnoreCase() {
    assertTrue(CountryCodes.isKnown("BR"));
    assertTrue(CountryCodes.isKnown("br"));
    assertTrue(CountryCodes.isKnown("Br"));
  }

  @Test
  void unknownCodesAreNotKnown() {
    assertFalse(CountryCodes.isKnown("ZZ"));
    assertFalse(CountryCodes.isKnown("BRA"));
    assertFalse(CountryCodes.isKnown(""));
    assertFalse(CountryCodes.isKnown(null));
  }
}
