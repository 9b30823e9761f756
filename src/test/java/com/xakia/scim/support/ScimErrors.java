package com.xakia.scim.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xakia.scim.scim.ScimError;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The one way the unit tables assert a refusal: a 400 of this scimType whose detail says this. */
public final class ScimErrors {

    private ScimErrors() {}

    public static void assertBadRequest(ThrowingCallable call, String scimType, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ScimError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.scimType()).isEqualTo(scimType);
                })
                .hasMessageContaining(message);
    }
}
