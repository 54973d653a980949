package dev.herald.rules.campaign;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Watches a campaigns folder and reloads the rule base when a file in it changes. Changes are debounced (an
 * editor saving several files, or a copy in progress, gives one reload once the folder is quiet).
 */
public final class CampaignFolderWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignFolderWatcher.class);

    private final WatchService watchService;
    private final Thread thread;

    public CampaignFolderWatcher(Path folder, CampaignLoader loader, RuleBaseHolder holder, Duration quietPeriod)
            throws IOException {
        watchService = FileSystems.getDefault().newWatchService();
        folder.register(watchService, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        thread = new Thread(() -> watch(folder, loader, holder, quietPeriod), "herald-rules-watcher");
        thread.setDaemon(true);
        thread.start();
        LOG.info("watching {} for campaign changes", folder);
    }

    private void watch(Path folder, CampaignLoader loader, RuleBaseHolder holder, Duration quietPeriod) {
        try {
            while (true) {
                WatchKey key = watchService.take();
                key.pollEvents();
                key.reset();
                // Debounce: wait until no further change arrives for the quiet period.
                WatchKey more;
                while ((more = watchService.poll(quietPeriod.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                LOG.info("campaigns folder {} changed; reloading", folder);
                holder.reload(() -> loader.build(folder));
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        watchService.close();
        thread.interrupt();
    }
}
