package dev.herald.engine.access;

import dev.herald.engine.testsupport.HeraldDatabase;
import dev.herald.engine.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Console accounts in {@code console_user}, each change audited. Runs on H2 and PostgreSQL (subclasses). */
abstract class ConsoleAccountsIT {

    HeraldDatabase db;
    MutableClock clock = new MutableClock(Instant.parse("2026-11-23T07:00:00Z"));
    ConsoleAccounts accounts;

    protected abstract DataSource freshDataSource();

    @BeforeEach
    void open() {
        db = HeraldDatabase.open(freshDataSource());
        accounts = new ConsoleAccounts(db.transactions(), clock);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @Test
    void createChangeAndRemoveAreStoredAndAuditedWithoutTheHash() {
        assertThat(accounts.save("ann", "ADMIN", "hash-1", "cli:root")).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(accounts.save("ann", "ANALYST", "hash-2", "cli:root")).isFalse();
        clock.advance(Duration.ofMinutes(5));
        assertThat(accounts.changePassword("ann", "hash-3", "console:ann")).isTrue();

        Map<String, Object> row = db.row("select role, password_hash, created_at, updated_at from console_user"
                + " where name = 'ann'");
        assertThat(row).containsEntry("role", "ANALYST").containsEntry("password_hash", "hash-3");
        assertThat(HeraldDatabase.instant(row.get("created_at"))).isEqualTo(Instant.parse("2026-11-23T07:00:00Z"));
        assertThat(HeraldDatabase.instant(row.get("updated_at"))).isEqualTo(Instant.parse("2026-11-23T07:10:00Z"));

        assertThat(accounts.remove("ann", "cli:root")).isTrue();
        assertThat(accounts.remove("ann", "cli:root")).isFalse();
        assertThat(accounts.find("ann")).isEmpty();

        List<Map<String, Object>> audit = db.rows("select actor, action, detail_json from audit_log"
                + " where entity_kind = 'console_user' and entity_id = 'ann' order by at, id");
        assertThat(audit).extracting(r -> r.get("action")).containsExactly("create", "update", "password", "remove");
        assertThat(audit).extracting(r -> r.get("actor"))
                .containsExactly("cli:root", "cli:root", "console:ann", "cli:root");
        assertThat(audit.get(1).get("detail_json").toString()).contains("\"previousRole\":\"ADMIN\"")
                .contains("\"role\":\"ANALYST\"");
        assertThat(audit).allSatisfy(r -> assertThat(r.get("detail_json").toString()).doesNotContain("hash-"));
    }

    @Test
    void aRoleChangeKeepsThePasswordAndIsAuditedWithTheRoleBefore() {
        accounts.save("max", "MARKETER", "hash-m", "cli:root");
        clock.advance(Duration.ofMinutes(1));

        assertThat(accounts.changeRole("max", "ANALYST", "console:root")).isTrue();
        assertThat(accounts.changeRole("nobody", "ADMIN", "console:root")).isFalse();

        assertThat(db.row("select role, password_hash from console_user where name = 'max'"))
                .containsEntry("role", "ANALYST").containsEntry("password_hash", "hash-m");
        List<Map<String, Object>> audit = db.rows("select actor, action, detail_json from audit_log"
                + " where entity_kind = 'console_user' and entity_id = 'max' order by at, id");
        assertThat(audit).extracting(r -> r.get("action")).containsExactly("create", "role");
        assertThat(audit.get(1).get("actor")).isEqualTo("console:root");
        assertThat(audit.get(1).get("detail_json").toString()).contains("\"previousRole\":\"MARKETER\"")
                .contains("\"role\":\"ANALYST\"").doesNotContain("hash-");
        assertThat(db.rows("select id from audit_log where entity_id = 'nobody'")).isEmpty();
    }

    @Test
    void listIsByNameAndCountCountsEveryone() {
        accounts.save("zoe", "MARKETER", "h", "t");
        accounts.save("adam", "ANALYST", "h", "t");

        assertThat(accounts.list()).extracting(ConsoleAccount::name).containsExactly("adam", "zoe");
        assertThat(accounts.count()).isEqualTo(2);
        assertThat(accounts.changePassword("nobody", "h", "t")).isFalse();
    }

    @Test
    void aNameWithSpacesOrMarkupIsRefusedWithAClearError() {
        assertThatThrownBy(() -> accounts.save("ann smith", "ADMIN", "h", "t"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ann smith' is not valid");
        assertThatThrownBy(() -> accounts.save("<b>", "ADMIN", "h", "t"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(accounts.count()).isZero();
    }
}
