package com.xakia.scim;

import com.xakia.scim.config.Settings;

import java.io.PrintStream;
import java.nio.file.Path;

import com.xakia.scim.embedded.Backup;
import com.xakia.scim.embedded.DataFolder;
import com.xakia.scim.embedded.Restore;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * {@code java -jar xakia-scim.jar backup DIR} and {@code restore DIR}: the embedded server's backups, with the
 * same XAKIA_* environment as the service. Exit status 0 when done, 2 when refused (nothing changed), 1 when
 * it failed.
 */
final class DataCommands {

    private DataCommands() {}

    static boolean handles(String[] args) {
        return args.length > 0 && (args[0].equals("backup") || args[0].equals("restore"));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2 || args[1].isBlank()) {
            err.println("usage: java -jar xakia-scim.jar backup DIR | restore DIR");
            return 2;
        }
        Settings settings = settings();
        if (!settings.embeddedDatabase()) {
            err.println("XAKIA_DB_URL is set, so the database is not the embedded one: its backups are the database"
                    + " operator's job (pg_basebackup or pg_dump against that server). Nothing was done.");
            return 2;
        }
        Path dir = Path.of(args[1]).toAbsolutePath().normalize();
        try (DataFolder folder = DataFolder.open(settings.dataDir())) {
            out.println(args[0].equals("backup")
                    ? Backup.run(folder, settings.embeddedBinariesDir(), dir)
                    : Restore.run(folder, settings.embeddedBinariesDir(), dir));
            return 0;
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println(e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println(args[0] + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** The service's own settings: application.properties with its XAKIA_* environment overrides. */
    private static Settings settings() {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation("classpath:application.properties");
        return Settings.from(context); // the context is never started: it only resolves properties
    }
}
