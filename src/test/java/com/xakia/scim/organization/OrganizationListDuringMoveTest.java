package com.xakia.scim.organization;

import static com.xakia.scim.organization.OrganizationsTest.XAKIA;
import static com.xakia.scim.organization.OrganizationsTest.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.xakia.scim.scim.Page;
import com.xakia.scim.scim.ScimError;
import com.xakia.scim.support.Http;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
