package dev.fetchpipe.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object of the daemon's, read with jackson-core's streaming parser into plain values, and the client's
 * records made from it by hand. Not Jackson's data binding: a cold client spent about 0.1 s of CPU building an
 * ObjectMapper and its readers of three records (measured with the client's class-data archive), twice what the rest
 * of {@code submit} costs before its POST, where this parser reads the same answers in a fraction of a millisecond.
 *
 * <p>Read as the data binding read them: fields this client does not know are skipped, an absent or null number is
 * 0 (or null where the record allows it), a number sent as a string is taken, and a value of the wrong kind is an
 * {@link IllegalArgumentException} naming the field.
 */
final class JsonFields {
  private static final JsonFactory FACTORY = new JsonFactory();

  private final Map<String, Object> fields;

  private JsonFields(Map<String, Object> fields) {
    this.fields = fields;
  }

  /** The JSON object in {@code json}; empty for empty text; an IOException (with the parser's message) for non-JSON. */
  static JsonFields parse(String json) throws IOException {
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) return new JsonFields(Collections.emptyMap());
      if (first != JsonToken.START_OBJECT) {
        throw new com.fasterxml.jackson.core.JsonParseException(parser, "expected a JSON object, got " + first);
      }
      return object(parser);
    }
  }

  private static JsonFields object(JsonParser parser) throws IOException {
    Map<String, Object> fields = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      parser.nextToken();
      fields.put(name, value(parser));
    }
    return new JsonFields(fields);
  }

  private static Object value(JsonParser parser) throws IOException {
    return switch (parser.currentToken()) {
      case START_OBJECT -> object(parser);
      case START_ARRAY -> {
        List<Object> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) values.add(value(parser));
        yield values;
      }
      case VALUE_STRING -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue();
      case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected " + parser.currentToken());
    };
  }

  boolean has(String name) {
    return fields.get(name) != null;
  }

  /** The field as text (a number or boolean as it is written); null when absent or null. */
  String text(String name) {
    Object value = fields.get(name);
    if (value == null) return null;
    if (value instanceof JsonFields || value instanceof List) throw wrongKind(name, "text", value);
    return value.toString();
  }

  String text(String name, String whenAbsent) {
    String text = text(name);
    return text == null ? whenAbsent : text;
  }

  /** A whole number; 0 when absent or null. */
  int integer(String name) {
    Integer value = integerOrNull(name);
    return value == null ? 0 : value;
  }

  Integer integerOrNull(String name) {
    Long value = longOrNull(name);
    if (value == null) return null;
    if (value != value.intValue()) throw wrongKind(name, "a whole number of int's range", value);
    return value.intValue();
  }

  /** A whole number; 0 when absent or null. */
  long longNumber(String name) {
    Long value = longOrNull(name);
    return value == null ? 0 : value;
  }

  /** A number; 0 when absent or null. */
  double number(String name) {
    Double value = numberOrNull(name);
    return value == null ? 0 : value;
  }

  Double numberOrNull(String name) {
    Object value = fields.get(name);
    if (value == null) return null;
    if (value instanceof Number number) return number.doubleValue();
    if (value instanceof String text) {
      try {
        return Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        throw wrongKind(name, "a number", value);
      }
    }
    throw wrongKind(name, "a number", value);
  }

  private Long longOrNull(String name) {
    Object value = fields.get(name);
    if (value == null) return null;
    if (value instanceof Integer || value instanceof Long) return ((Number) value).longValue();
    if (value instanceof Double number && number == Math.rint(number) && !number.isInfinite()) return number.longValue();
    if (value instanceof String text) {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw wrongKind(name, "a whole number", value);
      }
    }
    throw wrongKind(name, "a whole number", value);
  }

  /** A nested object; null when absent or null. */
  JsonFields object(String name) {
    Object value = fields.get(name);
    if (value == null) return null;
    if (value instanceof JsonFields object) return object;
    throw wrongKind(name, "an object", value);
  }

  /** A list of objects; null when absent or null. */
  List<JsonFields> objects(String name) {
    Object value = fields.get(name);
    if (value == null) return null;
    if (!(value instanceof List<?> list)) throw wrongKind(name, "a list", value);
    List<JsonFields> objects = new ArrayList<>(list.size());
    for (Object element : list) {
      if (!(element instanceof JsonFields object)) throw wrongKind(name, "a list of objects", element);
      objects.add(object);
    }
    return objects;
  }

  /** A list of texts (numbers and booleans as written); an empty list when absent or null. */
  List<String> strings(String name) {
    Object value = fields.get(name);
    if (value == null) return List.of();
    if (!(value instanceof List<?> list)) throw wrongKind(name, "a list", value);
    List<String> texts = new ArrayList<>(list.size());
    for (Object element : list) {
      if (element == null || element instanceof JsonFields || element instanceof List) {
        throw wrongKind(name, "a list of texts", element);
      }
      texts.add(element.toString());
    }
    return texts;
  }

  /** Each field that is text (or a number or boolean), as text; the others are left out. */
  Map<String, String> texts() {
    Map<String, String> texts = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (value != null && !(value instanceof JsonFields) && !(value instanceof List)) texts.put(name, value.toString());
    });
    return texts;
  }

  /** An enum constant by its name; null when absent or null. */
  <E extends Enum<E>> E constant(String name, Class<E> type) {
    String text = text(name);
    if (text == null) return null;
    try {
      return Enum.valueOf(type, text);
    } catch (IllegalArgumentException e) {
      throw wrongKind(name, "one of " + java.util.Arrays.toString(type.getEnumConstants()), text);
    }
  }

  /** A request body: an object of text, numbers and booleans. */
  static String write(Map<String, ?> body) {
    StringWriter text = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(text)) {
      json.writeStartObject();
      for (Map.Entry<String, ?> field : body.entrySet()) {
        json.writeFieldName(field.getKey());
        Object value = field.getValue();
        if (value == null) {
          json.writeNull();
        } else if (value instanceof Boolean flag) {
          json.writeBoolean(flag);
        } else if (value instanceof Integer || value instanceof Long) {
          json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Double number) {
          json.writeNumber(number);
        } else {
          json.writeString(value.toString());
        }
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a request body", e);
    }
    return text.toString();
  }

  private static IllegalArgumentException wrongKind(String name, String expected, Object value) {
    String shown = value instanceof JsonFields ? "an object" : value instanceof List ? "a list" : "\"" + value + "\"";
    return new IllegalArgumentException(name + ": expected " + expected + ", got " + shown);
  }
}
