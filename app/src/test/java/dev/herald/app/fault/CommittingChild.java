package dev.herald.app.fault;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child process of {@link EmbeddedDatabaseKillIT}: commits small transactions on several threads against a
 * database URL, the way Herald's consumers and dispatcher do, and prints {@code C <id>} for each one only after its
 * commit returned — the moment Herald acknowledges an event. On start it prints {@code H <id>} for every id already
 * on record, then {@code ready}. It never stops by itself: the test kills it.
 * <p>
 * Arguments: JDBC URL, writer threads, first id.
 */
public final class CommittingChild {

    private CommittingChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int threads = Integer.parseInt(args[1]);
        AtomicLong next = new AtomicLong(Long.parseLong(args[2]));
        // held open for the child's life, as Herald's pool holds its connections: the database is never closed
        Connection keeper = DriverManager.getConnection(url, "", "");
        try (Statement s = keeper.createStatement()) {
            s.execute("create table if not exists kill_probe_event (id bigint primary key, body varchar(200))");
            s.execute("create table if not exists kill_probe_outbox (id bigint primary key, event_id bigint not null,"
                    + " status varchar(20) not null, body varchar(1000))");
            StringBuilder onRecord = new StringBuilder();
            try (ResultSet rs = s.executeQuery("select id from kill_probe_event")) {
                while (rs.next()) {
                    onRecord.append("H ").append(rs.getLong(1)).append('\n');
                }
            }
            System.out.print(onRecord);
        }
        System.out.println("ready");
        System.out.flush();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(start(() -> write(url, next)));
        }
        workers.add(start(() -> markSent(url)));
        for (Thread w : workers) {
            w.join();
        }
    }

    private static Thread start(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }

    /** An event transaction: the outbox row and the idempotency row, one commit. */
    private static void write(String url, AtomicLong next) {
        String body = "x".repeat(600);
        try (Connection c = DriverManager.getConnection(url, "", "");
             PreparedStatement outbox = c.prepareStatement("insert into kill_probe_outbox values (?, ?, 'PENDING', ?)");
             PreparedStatement event = c.prepareStatement("insert into kill_probe_event values (?, ?)")) {
            c.setAutoCommit(false);
            while (true) {
                long id = next.getAndIncrement();
                outbox.setLong(1, id);
                outbox.setLong(2, id);
                outbox.setString(3, body);
                outbox.executeUpdate();
                event.setLong(1, id);
                event.setString(2, body.substring(0, 100));
                event.executeUpdate();
                c.commit();
                synchronized (System.out) {
                    System.out.println("C " + id);
                    System.out.flush();
                }
            }
        } catch (SQLException e) {
            e.printStackTrace();
        }
    }

    /** The dispatcher's side: pending rows marked sent, one commit each. */
    private static void markSent(String url) {
        try (Connection c = DriverManager.getConnection(url, "", "");
             PreparedStatement due = c.prepareStatement(
                     "select id from kill_probe_outbox where status = 'PENDING' order by id limit 50 for update skip locked");
             PreparedStatement sent = c.prepareStatement("update kill_probe_outbox set status = 'SENT' where id = ?")) {
            c.setAutoCommit(false);
            while (true) {
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = due.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
                c.commit();
                for (long id : ids) {
                    sent.setLong(1, id);
                    sent.executeUpdate();
                    c.commit();
                }
                if (ids.isEmpty()) {
                    Thread.sleep(20);
                }
            }
        } catch (SQLException e) {
            e.printStackTrace();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
