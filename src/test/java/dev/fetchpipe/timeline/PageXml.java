package dev.fetchpipe.timeline;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A timeline page read back with the JDK's XML parser: if it parses, the page is well-formed. */
public final class PageXml {
  private final Document document;

  private PageXml(Document document) {
    this.document = document;
  }

  public static PageXml parse(String page) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return new PageXml(factory.newDocumentBuilder().parse(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8))));
  }

  public static PageXml read(Path file) throws Exception {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Every element with this local name (any namespace), in document order. */
  public List<Element> elements(String name) {
    return list(document.getElementsByTagNameNS("*", name));
  }

  /** The bar groups, {@code <g class="bar">}, in document order. */
  public List<Element> bars() {
    return elements("g").stream().filter(g -> hasClass(g, "bar")).toList();
  }

  /** The bars of each run's chart, one list per {@code <svg class="chart">}. */
  public List<List<Element>> barsByChart() {
    List<List<Element>> charts = new ArrayList<>();
    for (Element svg : elements("svg")) {
      if (!hasClass(svg, "chart")) continue;
      charts.add(list(svg.getElementsByTagNameNS("*", "g")).stream().filter(g -> hasClass(g, "bar")).toList());
    }
    return charts;
  }

  public static List<Element> children(Element parent, String name) {
    return list(parent.getElementsByTagNameNS("*", name));
  }

  public static boolean hasClass(Element element, String cssClass) {
    return Arrays.asList(element.getAttribute("class").split(" ")).contains(cssClass);
  }

  private static List<Element> list(NodeList nodes) {
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) elements.add((Element) nodes.item(i));
    return elements;
  }
}
