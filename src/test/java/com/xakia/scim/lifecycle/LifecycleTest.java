package com.xakia.scim.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lifecycle's rules without a database: every move, allowed or refused. */
@Tag("unit")
class LifecycleTest {

    @ParameterizedTest(name = "{0} {1} active={2} resend={3} → {4}")
    @CsvSource(textBlock = """
            PROVISIONED, OKTA,   true,  false, INVITED
            PROVISIONED, ENTRA,  true,  false, INVITED
            INVITED,     OKTA,   true,  true,  INVITED
            INVITED,     OKTA,   true,  false, already invited
            ACTIVE,      OKTA,   true,  true,  already accepted
            PROVISIONED, OKTA,   false, false, inactive
            ACTIVE,      NATIVE, true,  false, already a Xakia user
            ACTIVE,      LINKED, true,  false, already a Xakia user
            """)
    void invite(Lifecycle from, Source source, boolean active, boolean resend, String expected) {
        if (expected.equals(expected.toUpperCase())) {
            assertThat(from.invite(source, active, resend)).isEqualTo(Lifecycle.valueOf(expected));
        } else {
            assertThatThrownBy(() -> from.invite(source, active, resend))
                    .isInstanceOf(TransitionRefused.class).hasMessageContaining(expected);
        }
    }

    @ParameterizedTest(name = "{0} deactivated → {1}")
    @CsvSource({"PROVISIONED, PROVISIONED", "INVITED, PROVISIONED", "ACTIVE, ACTIVE"})
    void deactivating_cancels_an_invitation_but_not_an_acceptance(Lifecycle from, Lifecycle expected) {
        assertThat(from.deactivate()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "current {0}, requested {1} → {2}")
    @CsvSource({"true, , true", "false, , false", "false, true, true", "true, false, false"})
    void a_request_without_active_keeps_the_state(boolean current, Boolean requested, boolean expected) {
        assertThat(Lifecycle.nextActive(current, requested)).isEqualTo(expected);
    }

    @Test
    void new_users_start_where_their_source_puts_them() {
        assertThat(Lifecycle.ofNewUser(Source.provisionedBy(IdentityProvider.OKTA))).isEqualTo(Lifecycle.PROVISIONED);
        assertThat(Lifecycle.ofNewUser(Source.provisionedBy(IdentityProvider.ENTRA))).isEqualTo(Lifecycle.PROVISIONED);
        assertThat(Lifecycle.ofNewUser(Source.NATIVE)).isEqualTo(Lifecycle.ACTIVE);
        assertThat(Source.provisionedBy(IdentityProvider.ENTRA)).isEqualTo(Source.ENTRA);
        assertThat(Source.NATIVE.managed()).isEqualTo(Source.LINKED);
        assertThat(Source.ENTRA.managed()).isEqualTo(Source.ENTRA);
        assertThat(Lifecycle.INVITED.status(false)).isEqualTo("inactive");
        assertThat(Lifecycle.INVITED.status(true)).isEqualTo("invited");
        assertThat(Lifecycle.INVITED.accept()).isEqualTo(Lifecycle.ACTIVE);
    }
}
