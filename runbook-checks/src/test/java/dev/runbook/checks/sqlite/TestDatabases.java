package dev.runbook.checks.sqlite;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

/** Real SQLite files for the tests: healthy, damaged and locked. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** A healthy database with a table, an index and {@code rows} rows. */
    public static Path create(Path file, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size=4096");
            st.execute("CREATE TABLE tasks(id INTEGER PRIMARY KEY, title TEXT, score INTEGER)");
            st.execute("CREATE INDEX tasks_score ON tasks(score)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tasks(title, score) VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    ps.setString(1, "task number " + i + " with some padding text to fill pages");
                    ps.setInt(2, (i * 7919) % 1000);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return file;
    }

    /** Damages the index pages of a database made by {@link #create}: integrity_check then reports problems. */
    public static Path corrupt(Path file) throws Exception {
        int rootPage;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement();
             var rs = st.executeQuery("SELECT rootpage FROM sqlite_master WHERE name='tasks_score'")) {
            rs.next();
            rootPage = rs.getInt(1);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long off = (long) (rootPage - 1) * 4096;
            raf.seek(off + 8);
            byte[] junk = new byte[1500];
            for (int i = 0; i < junk.length; i++) {
                junk[i] = (byte) (i * 31 + 7);
            }
            raf.write(junk);
        }
        return file;
    }

    /** A connection holding an exclusive transaction on the file (rollback journal): readers get SQLITE_BUSY. */
    public static Connection lock(Path file) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=DELETE");
            st.execute("BEGIN EXCLUSIVE");
            st.execute("UPDATE tasks SET score = score + 1 WHERE id = 1");
        }
        return c;
    }
}
