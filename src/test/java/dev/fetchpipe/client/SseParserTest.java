package dev.fetchpipe.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-Sent Events, line by line, as the HTML standard reads them. */
class SseParserTest {

  private static List<SseEvent> parse(String... lines) {
    SseParser parser = new SseParser();
    List<SseEvent> events = new ArrayList<>();
    for (String line : lines) parser.line(line).ifPresent(events::add);
    return events;
  }

  @Test
  void eventAndDataUpToABlankLineMakeOneEvent() {
    assertEquals(List.of(new SseEvent("progress", "{\"done\":1}"), new SseEvent("end", "{\"state\":\"DONE\"}")),
        parse("event: progress", "data: {\"done\":1}", "", "event:end", "data:{\"state\":\"DONE\"}", ""));
  }

  @Test
  void severalDataLinesAreJoinedWithLineFeedsAndOnlyOneLeadingSpaceIsDropped() {
    assertEquals(List.of(new SseEvent("item", "{\n  \"url\": 1}")), parse("event: item", "data: {", "data:   \"url\": 1}", ""));
  }

  @Test
  void commentsIdsRetriesAndUnknownFieldsAreIgnored() {
    assertEquals(List.of(new SseEvent("progress", "x")),
        parse(":", ": keep-alive", "id: 7", "retry: 1000", "colour: red", "event: progress", "data: x", ""));
  }

  @Test
  void withoutDataNothingIsDispatchedAndTheTypeDoesNotCarryOver() {
    assertEquals(List.of(new SseEvent("message", "later")), parse("event: cancel", "", "", "data: later", ""));
  }

  @Test
  void aFieldWithoutColonHasAnEmptyValueAndAnUnfinishedEventIsNotDispatched() {
    assertEquals(List.of(new SseEvent("message", "")), parse("data", "", "event: end", "data: cut"));
  }
}
