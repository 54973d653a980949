package dev.herald.engine.persistence;

import dev.herald.engine.audit.AuditEntry;
import dev.herald.engine.customer.Customer;
import dev.herald.engine.customer.CustomerActivity;
import dev.herald.engine.customer.CustomerOrder;
import dev.herald.engine.customer.OrderLine;
import dev.herald.engine.customer.ProcessedEvent;
import dev.herald.engine.delivery.OutboxMessage;
import dev.herald.engine.enrichment.EnrichmentRequest;
import dev.herald.engine.experiment.store.Exposure;
import dev.herald.engine.experiment.store.ExperimentRecord;
import dev.herald.engine.experiment.store.Outcome;
import dev.herald.engine.experiment.store.WinnerDecision;
import dev.herald.engine.identity.CustomerIdentity;
import dev.herald.engine.imports.CustomerAttribute;
import dev.herald.engine.imports.Product;
import dev.herald.engine.segment.SegmentChange;
import dev.herald.engine.segment.SegmentMembership;
import dev.herald.engine.journey.JourneyInstance;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.SharedCacheMode;
import jakarta.persistence.ValidationMode;
import jakarta.persistence.spi.ClassTransformer;
import jakarta.persistence.spi.PersistenceProvider;
import jakarta.persistence.spi.PersistenceProviderResolverHolder;
import jakarta.persistence.spi.PersistenceUnitInfo;
import jakarta.persistence.spi.PersistenceUnitTransactionType;

import javax.sql.DataSource;
import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds Herald's persistence unit over a given {@link DataSource}, without a persistence.xml, so that the
 * standalone runtime and the tests never clash with the container-managed unit of the EAR. The schema is
 * owned by Flyway ({@link DatabaseMigrator}); the JPA provider only validates nothing and generates nothing.
 */
public final class HeraldPersistence {

    /** The persistence unit's name, shared with the EAR's persistence.xml. */
    public static final String UNIT_NAME = "herald";

    /** Every entity class of the engine, for any persistence unit that hosts Herald. */
    public static final List<Class<?>> ENTITY_CLASSES = List.of(
            Customer.class, CustomerOrder.class, OrderLine.class, ProcessedEvent.class, OutboxMessage.class,
            Product.class, CustomerAttribute.class, SegmentMembership.class, SegmentChange.class,
            ExperimentRecord.class, Exposure.class, Outcome.class, WinnerDecision.class,
            JourneyInstance.class,
            CustomerIdentity.class, CustomerActivity.class, AuditEntry.class, EnrichmentRequest.class,
            dev.herald.engine.access.ConsoleAccount.class);

    private HeraldPersistence() {
    }

    /**
     * Creates a resource-local EntityManagerFactory over {@code dataSource}.
     *
     * @param extraProperties provider properties to add or override (e.g. SQL logging)
     */
    public static EntityManagerFactory createEntityManagerFactory(DataSource dataSource,
                                                                  Map<String, ?> extraProperties) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("hibernate.hbm2ddl.auto", "none");
        properties.put("hibernate.jdbc.batch_size", "50");
        properties.put("hibernate.order_inserts", "true");
        // IN lists (a batch's customers, ADR 0038) padded to powers of two: a handful of statement shapes for
        // Hibernate's and the database's statement caches instead of one per list length
        properties.put("hibernate.query.in_clause_parameter_padding", "true");
        properties.putAll(extraProperties);
        PersistenceUnitInfo unit = new StandaloneUnit(dataSource);
        for (PersistenceProvider provider : PersistenceProviderResolverHolder.getPersistenceProviderResolver()
                .getPersistenceProviders()) {
            EntityManagerFactory emf = provider.createContainerEntityManagerFactory(unit, properties);
            if (emf != null) {
                return emf;
            }
        }
        throw new PersistenceException("no Jakarta Persistence provider on the classpath (Hibernate ORM expected)");
    }

    private record StandaloneUnit(DataSource dataSource) implements PersistenceUnitInfo {

        @Override
        public String getPersistenceUnitName() {
            return UNIT_NAME;
        }

        @Override
        public String getPersistenceProviderClassName() {
            return null;
        }

        @Override
        public PersistenceUnitTransactionType getTransactionType() {
            return PersistenceUnitTransactionType.RESOURCE_LOCAL;
        }

        @Override
        public DataSource getJtaDataSource() {
            return null;
        }

        @Override
        public DataSource getNonJtaDataSource() {
            return dataSource;
        }

        @Override
        public List<String> getMappingFileNames() {
            return List.of();
        }

        @Override
        public List<URL> getJarFileUrls() {
            return List.of();
        }

        @Override
        public URL getPersistenceUnitRootUrl() {
            return null;
        }

        @Override
        public List<String> getManagedClassNames() {
            return ENTITY_CLASSES.stream().map(Class::getName).toList();
        }

        @Override
        public boolean excludeUnlistedClasses() {
            return true;
        }

        @Override
        public SharedCacheMode getSharedCacheMode() {
            return SharedCacheMode.NONE;
        }

        @Override
        public ValidationMode getValidationMode() {
            return ValidationMode.NONE;
        }

        @Override
        public Properties getProperties() {
            return new Properties();
        }

        @Override
        public String getPersistenceXMLSchemaVersion() {
            return "3.1";
        }

        @Override
        public ClassLoader getClassLoader() {
            return HeraldPersistence.class.getClassLoader();
        }

        @Override
        public void addTransformer(ClassTransformer transformer) {
            // no bytecode enhancement
        }

        @Override
        public ClassLoader getNewTempClassLoader() {
            return null;
        }
    }
}
