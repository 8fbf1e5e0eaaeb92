package dev.runbook.store;

import dev.runbook.core.history.Note;
import dev.runbook.core.history.NoteQueries;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Operator notes ({@code runbook note}) in the store's table {@code notes} ({@code id, at} epoch ms,
 * {@code operator, text}), shown by reports beside the results of their period. Reached through
 * {@link dev.runbook.store.Store#notes()}, over the file's one connection. Thread-safe; calls block on I/O.
 *
 * <pre>{@code
 * store.notes().add(clock.instant(), "alice", "replaced the disk");
 * List<Note> week = store.notes().between(from, to);
 * }</pre>
 */
public final class Notes implements NoteQueries {
    private final StoreConnection db;

    /** Use {@link dev.runbook.store.Store#notes()}. */
    public Notes(StoreConnection db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    private volatile String host = dev.runbook.store.Hosts.local();

    /** Records later notes as {@code name}'s. */
    public void host(String name) {
        this.host = dev.runbook.store.Hosts.check(name);
    }

    /** Adds a note taken at {@code at} by {@code operator} (may be null). */
    public void add(Instant at, String operator, String text) {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(text, "text");
        db.read("cannot write a note", () -> {
            PreparedStatement p = db.statement("INSERT INTO notes(at, operator, text, host) VALUES (?, ?, ?, ?)");
            p.setString(4, host);
            p.setLong(1, at.toEpochMilli());
            p.setString(2, operator);
            p.setString(3, text);
            return p.executeUpdate();
        });
    }

    /** Notes taken in {@code [from, to)}, oldest first. */
    public List<Note> between(Instant from, Instant to) {
        return between(from, to, null);
    }

    /** Notes taken in {@code [from, to)} on {@code host} (null: every host's), oldest first (§10 {@code --host}). */
    @Override
    public List<Note> between(Instant from, Instant to, String host) {
        return db.read("cannot read notes", () -> {
            PreparedStatement p = db.statement("SELECT at, operator, text FROM notes WHERE at >= ? AND at < ?"
                    + (host == null ? "" : " AND host = ?") + " ORDER BY at, id");
            p.setLong(1, from.toEpochMilli());
            p.setLong(2, to.toEpochMilli());
            if (host != null) {
                p.setString(3, host);
            }
            List<Note> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new Note(Instant.ofEpochMilli(r.getLong(1)), r.getString(2), r.getString(3)));
                }
            }
            return out;
        });
    }
}
