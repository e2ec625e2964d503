package dev.flinkext.testing.build;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Every published module must be pinned by flinkext-bom, so users import one version. */
class BomCoversModulesTest {

    /** Modules that are not published to users. */
    private static final Set<String> NOT_PUBLISHED =
            Set.of("bom", "testing", "benchmarks", "examples");

    @Test
    void bomListsEveryPublishedModule() throws Exception {
        Path root = findRoot();
        List<String> missing = new ArrayList<>();
        String bom = Files.readString(root.resolve("bom/pom.xml"));
        for (String module : childTexts(parse(root.resolve("pom.xml")), "module")) {
            if (NOT_PUBLISHED.contains(module)) {
                continue;
            }
            String artifactId = artifactId(parse(root.resolve(module).resolve("pom.xml")));
            if (!bom.contains("<artifactId>" + artifactId + "</artifactId>")) {
                missing.add(artifactId);
            }
        }
        assertThat(missing).as("published modules missing from bom/pom.xml").isEmpty();
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bom/pom.xml"))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("project root with bom/pom.xml above " + Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<String> childTexts(Document pom, String tag) {
        List<String> texts = new ArrayList<>();
        NodeList nodes = pom.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }

    private static String artifactId(Document pom) {
        NodeList children = pom.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element element
                    && element.getTagName().equals("artifactId")) {
                return element.getTextContent().trim();
            }
        }
        throw new IllegalStateException("pom without artifactId");
    }
}
