package com.xakia.scim.location;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.xakia.scim.config.Secrets;
import com.xakia.scim.config.Settings;
import com.xakia.scim.db.Databases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** First use of a namespace by a process: Flyway only when the schema is behind, a version read otherwise. */
class LocationNamespacesTest {

    static EmbeddedPostgres postgres;
    static Databases databases;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        databases = new Databases(new Settings(0, 0, "http://localhost", Path.of("."), Path.of("."), postgres.getJdbcUrl("postgres", "postgres"),
                "postgres", "", 8, 5000, 60, "", 1000, 1000, 1 << 20));
        databases.start();
    }

    @AfterAll
    static void stop() throws Exception {
        databases.stop();
        postgres.close();
    }

    @Test
    void latest_versions_name_the_highest_migrations() throws IOException {
        assertThat(LocationNamespaces.LATEST_VERSION).isEqualTo(highestMigration("location"));
        assertThat(LocationNamespaces.LATEST_CONTROL_VERSION).isEqualTo(highestMigration("control"));
    }

    private static int highestMigration(String folder) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db", folder))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        }
    }

    @Test
    void a_new_namespace_is_migrated_on_first_use() throws SQLException {
        Location location = newLocation();
        DataSource ds = new LocationNamespaces(databases).dataSource(location);
        assertThat(count(ds, "select count(*) from " + location.table("group_members"))).isZero();
        assertThat(LocationNamespaces.recordedVersion(ds, location.schema())).isEqualTo(LocationNamespaces.LATEST_VERSION);
    }

    @Test
    void a_namespace_behind_the_latest_version_is_brought_up_to_date() throws SQLException {
        Location location = newLocation();
        DataSource ds = new LocationNamespaces(databases).dataSource(location);
        String users = location.table("users");
        // the namespace as the release before V5 left it, with one user of each source it knew
        run(ds, "alter table " + users + " drop constraint users_managed_by_provider, drop column identity_provider,"
                + " drop constraint users_source_check, add constraint users_source_check check (source in ('okta', 'native', 'linked'))");
        run(ds, "alter table " + users + " drop column organization_user_id"); // V6
        run(ds, "delete from \"" + location.schema() + "\".flyway_schema_history where version::int >= 5");
        for (String source : new String[] {"okta", "native", "linked"}) {
            run(ds, "insert into " + users + " (id, user_name, active, lifecycle, source, resource, created_at, last_modified)"
                    + " values (gen_random_uuid(), '" + source + "@example.com', true, 'active', '" + source + "', '{}', now(), now())");
        }

        new LocationNamespaces(databases).dataSource(location); // another process (a restart) uses it first

        assertThat(LocationNamespaces.recordedVersion(ds, location.schema())).isEqualTo(LocationNamespaces.LATEST_VERSION);
        assertThat(count(ds, "select count(*) from " + users + " where source = 'okta' and identity_provider = 'okta'")).isEqualTo(1);
        assertThat(count(ds, "select count(*) from " + users + " where source = 'linked' and identity_provider = 'okta'")).isEqualTo(1);
        assertThat(count(ds, "select count(*) from " + users + " where source = 'native' and identity_provider is null")).isEqualTo(1);
    }

    @Test
    void a_namespace_at_the_latest_version_is_not_validated_by_flyway_again() throws SQLException {
        Location location = newLocation();
        DataSource ds = new LocationNamespaces(databases).dataSource(location);
        // A checksum Flyway's validation would refuse: proof that the first use only reads the version.
        run(ds, "update \"" + location.schema() + "\".flyway_schema_history set checksum = 42");

        DataSource again = new LocationNamespaces(databases).dataSource(location);

        assertThat(count(again, "select count(*) from " + location.table("users"))).isZero();
    }

    private static Location newLocation() {
        String id = Secrets.newId(8);
        return new Location(id, "Test", Location.schemaFor(id), null, OffsetDateTime.now());
    }

    private static void run(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.createStatement().execute(sql);
        }
    }

    private static int count(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
