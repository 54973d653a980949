package dev.herald.routes;

import dev.herald.engine.sharing.FolderSync;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * What another node published reaches this one (ADR 0059): a Camel timer asks each {@link FolderSync} (campaigns,
 * template edits) for a newer revision every period. A failed look (the database away for a moment) is logged and
 * tried again next period; what runs here stays as it is meanwhile.
 */
public class FolderSyncRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(FolderSyncRoutes.class);

    private final List<FolderSync> syncs;
    private final Duration period;

    public FolderSyncRoutes(List<FolderSync> syncs, Duration period) {
        this.syncs = List.copyOf(syncs);
        this.period = period;
    }

    @Override
    public void configure() {
        from("timer:herald-folder-sync?delay=" + period.toMillis() + "&period=" + period.toMillis())
                .routeId("folder-sync")
                .process(exchange -> {
                    for (FolderSync sync : syncs) {
                        try {
                            sync.poll();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            LOG.warn("could not look for {} published on other nodes: {}", sync.kind(), e.toString());
                        }
                    }
                })
                .id("folder-sync-poll");
    }
}
