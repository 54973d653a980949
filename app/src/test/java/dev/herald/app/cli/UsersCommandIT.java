package dev.herald.app.cli;

import dev.herald.app.TestCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code herald users} on an H2 data directory (an IT: each command opens and migrates the database). Passwords come
 * through {@code --password-stdin}, as scripts give them; without a terminal and without that option the command
 * says how.
 */
class UsersCommandIT {

    @TempDir
    Path dir;

    @Test
    void addListPasswdRemove() {
        String d = dir.toString();

        TestCli.Result empty = TestCli.run("users", "list", "--data-dir", d);
        TestCli.Result added = withStdin("first password\n", () -> TestCli.run("users", "add", "admin", "--role", "ADMIN",
                "--password-stdin", "--data-dir", d));
        TestCli.Result analyst = withStdin("analyst password\n", () -> TestCli.run("users", "add", "ann", "--role",
                "analyst", "--password-stdin", "--data-dir", d));
        TestCli.Result again = withStdin("another password\n", () -> TestCli.runCapturingErrors("users", "add", "ann",
                "--role", "admin", "--password-stdin", "--data-dir", d));
        TestCli.Result passwd = withStdin("second password\n", () -> TestCli.run("users", "passwd", "admin",
                "--password-stdin", "--data-dir", d));
        TestCli.Result list = TestCli.run("users", "list", "--data-dir", d);
        TestCli.Result removed = TestCli.run("users", "remove", "ann", "--data-dir", d);
        TestCli.Result removedAgain = TestCli.runCapturingErrors("users", "remove", "ann", "--data-dir", d);
        TestCli.Result after = TestCli.run("users", "list", "--data-dir", d);

        assertThat(empty.out()).contains("no console users yet: herald users add admin --role admin");
        assertThat(added.exitCode()).isZero();
        assertThat(added.out()).contains("added admin admin");
        assertThat(analyst.out()).contains("added analyst ann");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("user 'ann' exists already").contains("herald users passwd ann");
        assertThat(passwd.exitCode()).isZero();
        assertThat(passwd.out()).contains("password of admin changed");
        assertThat(list.outLines()).anyMatch(l -> l.startsWith("admin ") && l.contains(" admin "))
                .anyMatch(l -> l.startsWith("ann ") && l.contains(" analyst "));
        assertThat(list.out()).contains("2 user(s)").doesNotContain("password").doesNotContain("pbkdf2");
        assertThat(removed.exitCode()).isZero();
        assertThat(removedAgain.exitCode()).isEqualTo(1);
        assertThat(removedAgain.err()).contains("no console user 'ann'");
        assertThat(after.out()).contains("1 user(s)").doesNotContain("ann ");
    }

    @Test
    void badRolesNamesAndPasswordsAreRefusedWithTheReasonAndNothingIsStored() {
        String d = dir.toString();

        TestCli.Result role = TestCli.runCapturingErrors("users", "add", "bob", "--role", "boss", "--password-stdin",
                "--data-dir", d);
        TestCli.Result name = TestCli.runCapturingErrors("users", "add", "bob smith", "--role", "admin",
                "--password-stdin", "--data-dir", d);
        TestCli.Result shortPassword = withStdin("short\n", () -> TestCli.runCapturingErrors("users", "add", "bob",
                "--role", "admin", "--password-stdin", "--data-dir", d));
        TestCli.Result noTerminal = withStdin("", () -> TestCli.runCapturingErrors("users", "add", "bob", "--role",
                "admin", "--data-dir", d));
        TestCli.Result list = TestCli.run("users", "list", "--data-dir", d);

        assertThat(role.exitCode()).isEqualTo(2);
        assertThat(role.err()).contains("unknown role 'boss': use marketer, analyst or admin");
        assertThat(name.exitCode()).isEqualTo(2);
        assertThat(name.err()).contains("'bob smith' is not valid");
        assertThat(shortPassword.exitCode()).isEqualTo(2);
        assertThat(shortPassword.err()).contains("at least 10 characters");
        assertThat(noTerminal.exitCode()).isEqualTo(2);
        assertThat(noTerminal.err()).contains("--password-stdin");
        assertThat(list.out()).contains("no console users yet");
    }

    @Test
    void helpExplainsRolesAndTheFirstAdmin() {
        TestCli.Result help = TestCli.run("users", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("add").contains("list").contains("remove").contains("passwd")
                .contains("herald users add admin --role admin").contains("analyst");
    }

    private static TestCli.Result withStdin(String input, java.util.function.Supplier<TestCli.Result> command) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return command.get();
        } finally {
            System.setIn(original);
        }
    }
}
