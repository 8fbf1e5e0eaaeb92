package dev.runbook.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.regex.Pattern;

/** The checks every kind of type shares: its name and its parameter record. Stateless. */
final class TypeNames {
    /** Type names, as {@code TypeRegistry} accepts them (contract §3 ids, starting with a letter). */
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private TypeNames() {
    }

    static void assertValidName(String name, Object type) {
        assertTrue(name != null && NAME.matcher(name).matches(), () -> type.getClass().getName() + ": name '" + name
                + "' does not match [a-z][a-z0-9-]* (used as type: in YAML)");
    }

    /** ServiceLoader needs a public no-argument constructor on a public class. */
    static void assertLoadableByServiceLoader(Object type) {
        Class<?> c = type.getClass();
        assertTrue(Modifier.isPublic(c.getModifiers()), () -> c.getName() + " must be public for ServiceLoader");
        Constructor<?> ctor = assertDoesNotThrow(() -> c.getConstructor(),
                () -> c.getName() + " needs a public no-argument constructor for ServiceLoader");
        assertTrue(Modifier.isPublic(ctor.getModifiers()));
    }

    /** The parameter type is a record whose every component has a YAML key the loader can bind. */
    static void assertBindableRecord(Class<?> type) {
        if (!type.isRecord()) {
            fail("parameter type " + type.getName() + " is not a record; the YAML loader binds records");
        }
        for (RecordComponent rc : type.getRecordComponents()) {
            String key = YamlParameters.keyOf(rc);
            assertTrue(key.matches("[a-z][a-z0-9_]*"), () -> type.getName() + "." + rc.getName() + ": YAML key '" + key
                    + "' is not snake_case");
            if (rc.getType().isRecord()) {
                assertBindableRecord(rc.getType());
            }
        }
    }
}
