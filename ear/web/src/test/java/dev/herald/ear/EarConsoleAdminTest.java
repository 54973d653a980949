package dev.herald.ear;

import dev.herald.routes.console.ConsoleRole;
import dev.herald.routes.console.ConsoleUser;
import dev.herald.routes.console.InMemoryConsoleUsers;
import dev.herald.routes.console.PasswordHasher;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EarConsoleAdminTest {

    final InMemoryConsoleUsers users = new InMemoryConsoleUsers(new PasswordHasher(1_000));

    @Test
    void theFirstAdminIsCreatedOnlyWhenThereIsNoUserYet() {
        assertThat(EarConsoleAdmin.createFirstAdmin(users, "root", "first password")).isTrue();
        assertThat(users.verify("root", "first password".toCharArray())).hasValue(new ConsoleUser("root", ConsoleRole.ADMIN));

        assertThat(EarConsoleAdmin.createFirstAdmin(users, "root", "changed password")).isFalse();
        assertThat(users.verify("root", "first password".toCharArray())).isPresent();
    }

    @Test
    void withoutBothSettingsOrWithAWeakPasswordNobodyIsCreated() {
        assertThat(EarConsoleAdmin.createFirstAdmin(users, null, null)).isFalse();
        assertThat(EarConsoleAdmin.createFirstAdmin(users, "root", null)).isFalse();
        assertThat(EarConsoleAdmin.createFirstAdmin(users, "root", "short")).isFalse();
        assertThat(users.list()).isEmpty();
    }
}
