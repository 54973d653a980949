package dev.herald.ear;

import dev.herald.engine.persistence.HeraldPersistence;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The EAR's persistence unit must map exactly the entities the standalone runtime maps. */
class PersistenceXmlTest {

    @Test
    void persistenceXmlListsExactlyTheEngineEntityClasses() throws Exception {
        String xml;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/persistence.xml")) {
            assertThat(in).as("META-INF/persistence.xml").isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> listed = new ArrayList<>();
        Matcher m = Pattern.compile("<class>([^<]+)</class>").matcher(xml);
        while (m.find()) {
            listed.add(m.group(1).strip());
        }

        assertThat(listed).containsExactlyInAnyOrderElementsOf(
                HeraldPersistence.ENTITY_CLASSES.stream().map(Class::getName).toList());
    }

    @Test
    void persistenceUnitIsJtaOverTheDatasourceTheCliScriptCreates() throws Exception {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/persistence.xml")) {
            String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(xml).contains("transaction-type=\"JTA\"")
                    .contains("<jta-data-source>" + HeraldStartup.DATASOURCE + "</jta-data-source>");
        }
    }
}
