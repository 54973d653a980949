package dev.herald.engine.access;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A web console user as stored: the sign-in name, the role's name and the password's slow salted hash (never the
 * password). The engine does not interpret role or hash; the console's access layer does.
 */
@Entity
@Table(name = "console_user")
public class ConsoleAccount {

    @Id
    private String name;

    @Column(nullable = false)
    private String role;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ConsoleAccount() {
        // for JPA
    }

    ConsoleAccount(String name, String role, String passwordHash, Instant now) {
        this.name = name;
        this.role = role;
        this.passwordHash = passwordHash;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String name() {
        return name;
    }

    public String role() {
        return role;
    }

    public String passwordHash() {
        return passwordHash;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    void change(String role, String passwordHash, Instant now) {
        this.role = role;
        this.passwordHash = passwordHash;
        this.updatedAt = now;
    }
}
