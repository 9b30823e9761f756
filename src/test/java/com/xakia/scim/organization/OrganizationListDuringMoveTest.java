package com.xakia.scim.organization;

import static com.xakia.scim.organization.OrganizationsTest.XAKIA;
import static com.xakia.scim.organization.OrganizationsTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.xakia.scim.db.Databases;
import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.user.UserRecord;
import com.xakia.scim.user.UserResources;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A list across locations while a person moves between a location in the control database (Sydney, read first)
 * and one on a server of its own (London, read second), where no snapshot spans the two. The list's fan-out runs
 * on one thread here, and a whole move — made by the running app over HTTP — is put exactly between the reads of
 * the two locations: the answer must still hold the person exactly once with an exact totalResults, or be a 503.
 */
class OrganizationListDuringMoveTest {

    static final RunningApp APP = RunningApp.shared();
    static final String TO = """
            {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
             "Operations": [{"op": "replace", "path": "%s:location", "value": "%%s"}]}""".formatted(XAKIA);

    static OrganizationOnTwoServers spread;
    static String org;
    static String orgBase;
    static String orgKey;

    final Http http = APP.http;
    /** Runs the list's reads one at a time, in the order they are asked for; {@link #between} after each. */
    final OneAtATime fanOut = new OneAtATime();
    OrganizationUserService service;

    @BeforeAll
    static void anOrganizationWithALocationOnAServerOfItsOwn() throws Exception {
        spread = OrganizationOnTwoServers.start(APP, "Moving Lists");
        org = spread.org();
        orgBase = spread.base();
        orgKey = spread.key();
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        spread.close();
    }

    @AfterEach
    void stopTheFanOut() {
        fanOut.shutdownNow();
    }

    @Test
    void a_move_out_of_the_location_read_first_made_between_the_reads_counts_the_person_once() throws Exception {
        String ann = created("ann@between.example", "Sydney");
        String abe = created("abe@between.example", "London");
        created("amy@between.example", "London");
        fanOut.between = once(() -> moved(ann, "London"));

        // London's keys window (count + 1) holds abe and amy: ann, read there after the move, is not in it
        Page page = list("userName sw \"a\" and userName ew \"@between.example\"", 1);

        assertThat(OrganizationOnTwoServers.ids(page)).containsExactly(abe);
        assertThat(page.totalResults()).isEqualTo(3);
    }

    @Test
    void a_move_into_the_location_read_first_made_between_the_reads_lists_the_person_once() throws Exception {
        String cal = created("cal@between.example", "London");
        String dan = created("dan@between.example", "London");
        fanOut.between = once(() -> moved(cal, "Sydney"));

        Page page = list("userName sw \"cal@between\" or userName sw \"dan@between\"");

        assertThat(OrganizationOnTwoServers.ids(page)).containsExactly(cal, dan);
        assertThat(page.totalResults()).isEqualTo(2);
    }

    @Test
    void a_person_moving_between_every_read_is_a_503_to_retry_after_a_second_never_a_wrong_answer() throws Exception {
        String eve = created("eve@between.example", "Sydney");
        AtomicInteger moves = new AtomicInteger();
        fanOut.between = () -> moved(eve, moves.incrementAndGet() % 2 == 1 ? "London" : "Sydney");

        ScimError refused = catchThrowableOfType(() -> list("userName sw \"eve@between\""), ScimError.class);

        assertThat(refused).isNotNull();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        fanOut.between = () -> {};
        Page after = list("userName sw \"eve@between\"");
        assertThat(OrganizationOnTwoServers.ids(after)).containsExactly(eve);
        assertThat(after.totalResults()).isEqualTo(1);
    }

    @Test
    void a_get_whose_index_read_comes_before_a_move_answers_the_person_where_it_is_now() throws Exception {
        String fay = created("fay@between.example", "Sydney");
        OrganizationUserService reading = OrganizationOnTwoServers.service(APP, OrganizationOnTwoServers.afterFirstConnection(
                OrganizationOnTwoServers.control(APP), () -> moved(fay, "London")), fanOut);

        UserRecord read = reading.get(caller(), fay); // the index says Sydney; the move is made; then Sydney's row is read

        assertThat(read.id().toString()).isEqualTo(fay);
        assertThat(read.active()).isTrue(); // not the row left behind in Sydney, inactive
        assertThat(read.resource().get(XAKIA).get("location").asText()).isEqualTo("London");
    }

    @Test
    void an_import_page_whose_index_read_comes_before_a_move_shows_the_person_where_it_is_now() throws Exception {
        String gil = created("gil@between.example", "London");
        OrganizationUserService reading = OrganizationOnTwoServers.service(APP, OrganizationOnTwoServers.afterFirstConnection(
                OrganizationOnTwoServers.control(APP), () -> moved(gil, "Sydney")), fanOut);
        UserResources resources = APP.context().getRegistry().lookupByNameAndType("organizationUserResources",
                UserResources.class);

        Page page = reading.list(caller(), resources.toSearch("{\"startIndex\": 1, \"count\": 1000}"));

        List<UserRecord> gils = page.resources().stream().map(UserRecord.class::cast)
                .filter(u -> u.id().toString().equals(gil)).toList();
        assertThat(gils).singleElement().satisfies(u -> {
            assertThat(u.active()).isTrue();
            assertThat(u.resource().get(XAKIA).get("location").asText()).isEqualTo("Sydney");
        });
    }

    /**
     * Figures for the README, not a test ({@code -Dbenchmark=true}): what the read after a list's reads costs, against
     * the list it guards, with 200 people spread over Sydney and London.
     */
    @Test
    @EnabledIfSystemProperty(named = "benchmark", matches = "true")
    void the_check_after_a_list_costs_one_indexed_query() throws Exception {
        for (int i = 0; i < 200; i++) {
            created("p" + i + "@cost.example", i % 2 == 0 ? "Sydney" : "London");
        }
        DataSource control = APP.context().getRegistry().lookupByNameAndType("databases", Databases.class).control();
        OrgUserIndex index = new OrgUserIndex();
        try (Connection c = control.getConnection();
             PreparedStatement explain = c.prepareStatement("explain (analyze, costs off, timing off, summary off)"
                     + " select coalesce((select finished from control.org_moves where organization_id = ?), 0),"
                     + " array(select user_id from control.org_users where organization_id = ?"
                     + " and moving_to_location_id is not null)")) {
            explain.setString(1, org);
            explain.setString(2, org);
            try (ResultSet plan = explain.executeQuery()) {
                while (plan.next()) {
                    System.out.println(plan.getString(1));
                }
            }
        }
        String page = orgBase + "/Users?count=100&sortBy=userName&filter=" + Http.enc("userName ew \"@cost.example\"");
        for (int round = 0; round < 5; round++) {
            long listNanos = 0;
            long checkNanos = 0;
            for (int i = 0; i < 100; i++) {
                long start = System.nanoTime();
                Response list = http.get(page, orgKey);
                listNanos += System.nanoTime() - start;
                assertThat(list.json().get("totalResults").asInt()).isEqualTo(200);
                start = System.nanoTime();
                try (Connection c = control.getConnection()) {
                    index.moves(c, org); // what the list runs after its reads, on a pooled connection as it does
                }
                checkNanos += System.nanoTime() - start;
            }
            System.out.printf("list of 100 across 2 locations %.2f ms; the check after it %.0f µs (%.1f%%)%n",
                    listNanos / 1e6 / 100, checkNanos / 1e3 / 100, 100.0 * checkNanos / listNanos);
        }
    }

    // ---- the list, on a fan-out that puts a move between two reads ----------------------------------

    /** One worker thread: the reads run in the order the list submits them (its locations' order, Sydney first). */
    static final class OneAtATime extends ThreadPoolExecutor {
        volatile Runnable between = () -> {};

        OneAtATime() {
            super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        }

        @Override
        protected void afterExecute(Runnable read, Throwable failure) {
            between.run(); // the next read waits for it: it has the only thread
        }
    }

    private static Runnable once(Runnable action) {
        AtomicInteger runs = new AtomicInteger();
        return () -> {
            if (runs.getAndIncrement() == 0) {
                action.run();
            }
        };
    }

    private Page list(String filter) throws Exception {
        return list(filter, 100);
    }

    private Page list(String filter, int count) throws Exception {
        if (service == null) {
            service = OrganizationOnTwoServers.service(APP, fanOut);
        }
        return spread.list(APP, service, filter, count);
    }

    private static OrganizationCaller caller() {
        return new OrganizationCaller(new Organization(org, "Moving Lists", null), "test", null, null);
    }

    private void moved(String id, String office) {
        Response moved = http.patch(orgBase + "/Users/" + id, orgKey, TO.formatted(office));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    }

    private String created(String userName, String office) {
        Response created = http.post(orgBase + "/Users", orgKey, user(userName, office));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().get("id").asText();
    }
}
