package com.xakia.scim.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.xakia.scim.support.Browser;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import com.xakia.scim.support.Smtp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The admin page in headless Chromium, the way an admin uses it: sign in, create a location, generate its
 * key, let "Okta" provision a user with that key, invite the user and watch the email go out.
 */
class AdminPageTest {

    static final Smtp SMTP = new Smtp();
    static RunningApp app;
    static Browser browser;

    @BeforeAll
    static void start() {
        SMTP.start();
        app = RunningApp.start(RunningApp.tempDir(), SMTP.appSettings("xakia.invite.poll-ms", "200"));
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        app.close();
        SMTP.stop();
    }

    /** The text of the user's row, read in one step (the list re-renders when a poll brings news). */
    String row(String email) {
        Object text = browser.driver.executeScript("return [...document.querySelectorAll('#user-rows tr')]"
                + ".map(tr => tr.innerText).find(t => t.includes(arguments[0])) || ''", email);
        return (String) text;
    }

    @Test
    void an_admin_connects_a_location_and_invites_a_provisioned_user() {
        assertThat(app.http.get("/admin/", null).status()).isEqualTo(200);
        assertThat(app.http.get("/admin/admin.js", null).header("Content-Type")).startsWith("text/javascript");
        assertThat(app.http.get("/admin/pom.xml", null).status()).isEqualTo(404);
        browser.viewport(1280, 900);
        browser.driver.get(app.url("/admin"));

        // Sign in with the keyboard: type the token, press Enter.
        browser.byRole("textbox", "Admin token").sendKeys(app.adminToken, Keys.ENTER);
        browser.byRole("heading", "Locations");
        assertThat(browser.driver.getCurrentUrl()).doesNotContain(app.adminToken);

        browser.byRole("textbox", "Location name").sendKeys("Sydney <Legal>");
        browser.byRole("button", "Create location").click();
        assertThat(browser.byRole("heading", "Sydney <Legal>").isDisplayed()).isTrue();
        String scimBaseUri = browser.byRole("textbox", "SCIM base URI").getDomProperty("value");
        assertThat(scimBaseUri).startsWith(app.url("/scim/v2/"));
        String locationId = scimBaseUri.substring(scimBaseUri.lastIndexOf('/') + 1);
        browser.byRole("button", "Copy SCIM base URI");

        browser.byRole("button", "Generate new API key").click();
        String apiKey = browser.byRole("textbox", "New API key").getDomProperty("value");
        assertThat(apiKey).hasSizeGreaterThanOrEqualTo(43);
        assertThat(browser.driver.findElement(By.id("new-key")).getText()).contains("will not be shown again");
        assertThat(browser.driver.findElement(By.id("panel-identity")).getText())
                .contains("SCIM connector base URL: " + scimBaseUri)
                .contains("Tenant URL: " + scimBaseUri)
                .contains("Bearer " + apiKey);
        assertThat(browser.hasNoHorizontalScroll()).isTrue();
        browser.screenshot("federated-identity-1280");

        // What Okta does with the values the page showed.
        Response provisioned = app.http.post(scimBaseUri + "/Users", apiKey, """
                {"userName": "jane.doe@example.com", "name": {"givenName": "Jane", "familyName": "Doe"},
                 "emails": [{"value": "jane.doe@example.com", "primary": true}]}""");
        assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);

        // Keyboard: arrow keys move between the tabs.
        browser.byRole("tab", "Federated Identity").sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.byRole("tab", "Users").getDomAttribute("aria-selected")).isEqualTo("true");
        await().atMost(Duration.ofSeconds(10)).until(() -> row("jane.doe@example.com").contains("provisioned"));
        assertThat(row("jane.doe@example.com")).contains("Jane Doe").contains("Okta");

        long clicked = System.nanoTime();
        browser.byRole("button", "Invite Jane Doe").click();

        // The delivery state changes without a reload: the page polls the admin API.
        await().atMost(Duration.ofSeconds(15)).until(() -> row("jane.doe@example.com").contains("Sent"));
        System.out.printf("admin page: click Invite → 'Sent' shown: %d ms%n", (System.nanoTime() - clicked) / 1_000_000);
        assertThat(row("jane.doe@example.com")).contains("invited");
        assertThat(SMTP.receivedBy("jane.doe@example.com")).hasSize(1);
        assertThat(app.http.get("/admin/api/locations/" + locationId + "/invitations", app.adminToken).json()
                .at("/invitations/0/status").asText()).isEqualTo("sent");
        browser.byRole("button", "Resend invitation to Jane Doe");
        browser.byRole("combobox", "Status");
        browser.byRole("searchbox", "Search users");
        assertThat(browser.byRole("button", "Invite all provisioned").isEnabled()).isFalse();
        assertThat(browser.hasNoHorizontalScroll()).isTrue();
        browser.screenshot("users-1280");

        browser.viewport(390, 844);
        assertThat(browser.hasNoHorizontalScroll()).as("users at 390px").isTrue();
        browser.screenshot("users-390");
        browser.byRole("tab", "Federated Identity").click();
        assertThat(browser.hasNoHorizontalScroll()).as("federated identity at 390px").isTrue();
        browser.screenshot("federated-identity-390");

        browser.byRole("button", "Sign out").click();
        browser.byRole("textbox", "Admin token");
        assertThat(browser.driver.executeScript("return sessionStorage.length")).isEqualTo(0L);
        browser.viewport(1280, 900);
    }
}
