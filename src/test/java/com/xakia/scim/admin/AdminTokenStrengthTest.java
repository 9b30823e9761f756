package com.xakia.scim.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.xakia.scim.config.Secrets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class AdminTokenStrengthTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "admin                                        | fewer than 32",
        "Xk9#mQ2!vL7@pR4$wN8%zT3^bY6&cH1              | fewer than 32",   // 31 random-looking characters
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa     | different characters",
        "abababababababababababababababababababab     | different characters",
        "0123456789012345678901234567890123456789     | repeats",
        "password-password-password-password-pass     | different characters",
        "Summer2024!-Summer2024!-Summer2024!-Summer  | repeats",
        "Tr0ub4dor&3Tr0ub4dor&3Tr0ub4dor&3Tr0ub4dor&3 | repeats",
    })
    void a_weak_token_is_refused_with_a_reason(String token, String reason) {
        assertThat(AdminTokenStrength.weakness(token)).contains(reason);
        assertThatThrownBy(() -> AdminTokenStrength.requireStrong(token))
                .hasMessageStartingWith("XAKIA_ADMIN_TOKEN is too weak")
                .hasMessageNotContaining(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "3f1c9a7e5b2d8046c1e9a3f7b5d20864e1c9a7f3",          // openssl rand -hex 20
        "correct horse battery staple, 2031 edition",
        "kJ4n_Qw8-Zr2Tx6Vb0Ym3Lp7Hs1Dg5Fc9Ae"})
    void a_strong_token_is_accepted(String token) {
        assertThat(AdminTokenStrength.weakness(token)).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void a_generated_secret_is_always_strong_enough(int round) {
        assertThat(AdminTokenStrength.weakness(Secrets.newSecret())).as("round " + round).isNull();
    }
}
