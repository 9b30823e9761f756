package com.xakia.scim.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.support.Admin;
import com.xakia.scim.support.Browser;
import com.xakia.scim.support.Http.Response;
import com.xakia.scim.support.RunningApp;
import com.xakia.scim.support.Smtp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

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
        Browser.assumeInstalled();
        SMTP.start();
        app = RunningApp.start(SMTP.appSettings("xakia.invite.poll-ms", "200"));
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (app != null) {
            app.close();
        }
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

    /**
     * An organization's own admin signs in with an organization admin token and sets up one identity-provider app
     * for all its locations: the organization's base URI and key, the routing table, then a location's users.
     */
    @Test
    void an_organization_admin_sets_up_one_app_for_its_locations_and_sees_a_locations_users() {
        Admin operator = new Admin(app);
        String org = operator.post("/admin/api/organizations", "{\"name\": \"Acme Legal\"}").json().get("id").asText();
        operator.post("/admin/api/locations", "{\"name\": \"Sydney\", \"organizationId\": \"" + org + "\"}");
        operator.post("/admin/api/locations", "{\"name\": \"London\", \"organizationId\": \"" + org + "\"}");
        String token = operator.post("/admin/api/organizations/" + org + "/admin-tokens", null).json().get("token").asText();

        browser.viewport(1280, 900);
        browser.driver.get(app.url("/admin"));
        browser.driver.executeScript("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        browser.byRole("textbox", "Admin token").sendKeys(token, Keys.ENTER);

        // The organization view at once; nothing of the operator's (no other location, no "Create location").
        browser.byRole("heading", "Acme Legal");
        String base = browser.byRole("textbox", "Organization SCIM base URI").getDomProperty("value");
        assertThat(base).isEqualTo(app.url("/scim/v2/organizations/" + org));
        assertThat(browser.allByRole("button")).extracting(WebElement::getAccessibleName)
                .doesNotContain("Create location", "Sydney <Legal>");

        browser.byRole("button", "Generate new organization API key").click();
        String key = browser.byRole("textbox", "New organization API key").getDomProperty("value");
        assertThat(key).hasSizeGreaterThanOrEqualTo(43);
        assertThat(browser.driver.findElement(By.id("organization")).getText())
                .contains("SCIM connector base URL: " + base).contains("Bearer " + key)
                .contains("Tenant URL: " + base).contains("Secret Token: " + key)
                .contains("External namespace urn:ietf:params:scim:schemas:extension:xakia:2.0:User")
                .contains("add urn:ietf:params:scim:schemas:extension:xakia:2.0:User:location (String)");

        // The routing table: two values and a default, saved through the admin API.
        browser.byRole("button", "Add value").click();
        browser.byRole("textbox", "Routing value 1").sendKeys("Sydney");
        new Select(browser.byRole("combobox", "Location for routing value 1")).selectByVisibleText("Sydney");
        browser.byRole("button", "Add value").click();
        browser.byRole("textbox", "Routing value 2").sendKeys("London");
        new Select(browser.byRole("combobox", "Location for routing value 2")).selectByVisibleText("London");
        new Select(browser.byRole("combobox", "Default location")).selectByVisibleText("London");
        browser.byRole("button", "Save routing").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> app.http.get("/admin/api/organizations/" + org, token).json()
                .at("/routing/locations").size() == 2);
        JsonNode routing = app.http.get("/admin/api/organizations/" + org, token).json().get("routing");
        assertThat(routing.get("default").asText()).isEqualTo(routing.at("/locations/London").asText());
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.driver.findElement(By.id("organization")).getText()
                .matches("(?s).*must be the routing table's: (Sydney, London|London, Sydney)\\..*"));
        assertThat(browser.hasNoHorizontalScroll()).isTrue();
        browser.screenshot("organization-1280");

        // What the one Okta app does with the values the page showed; the user lands in Sydney.
        Response provisioned = app.http.post(base + "/Users", key, """
                {"userName": "ada@acme.example", "name": {"givenName": "Ada", "familyName": "Lovelace"},
                 "emails": [{"value": "ada@acme.example", "primary": true}],
                 "urn:ietf:params:scim:schemas:extension:xakia:2.0:User": {"location": "sydney"}}""");
        assertThat(provisioned.status()).as(provisioned.toString()).isEqualTo(201);
        browser.byRole("button", "Open location Sydney").click();
        browser.byRole("heading", "Sydney");
        browser.byRole("tab", "Users").click();
        await().atMost(Duration.ofSeconds(10)).until(() -> row("ada@acme.example").contains("provisioned"));
        browser.byRole("button", "Invite Ada Lovelace");
        browser.byRole("button", "Back to organization Acme Legal").click();
        browser.byRole("heading", "Acme Legal");

        browser.viewport(390, 844);
        assertThat(browser.hasNoHorizontalScroll()).as("organization at 390px").isTrue();
        browser.screenshot("organization-390");
        browser.viewport(1280, 900);
        browser.byRole("button", "Sign out").click();
        browser.byRole("textbox", "Admin token");
    }

    /** The operator opens an organization from the sidebar: the same organization view, and its locations from it. */
    @Test
    void the_operator_opens_an_organization_and_one_of_its_locations() {
        Admin operator = new Admin(app);
        String org = operator.post("/admin/api/organizations", "{\"name\": \"Northwind Legal\"}").json().get("id").asText();
        operator.post("/admin/api/locations", "{\"name\": \"Perth\", \"organizationId\": \"" + org + "\"}");

        browser.viewport(1280, 900);
        browser.driver.get(app.url("/admin"));
        browser.driver.executeScript("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        browser.byRole("textbox", "Admin token").sendKeys(app.adminToken, Keys.ENTER);

        browser.byRole("button", "Northwind Legal").click();
        browser.byRole("heading", "Northwind Legal");
        assertThat(browser.byRole("textbox", "Organization SCIM base URI").getDomProperty("value"))
                .isEqualTo(app.url("/scim/v2/organizations/" + org));
        browser.byRole("button", "Open location Perth").click();
        browser.byRole("heading", "Perth");
        browser.byRole("button", "Back to organization Northwind Legal").click();
        browser.byRole("heading", "Northwind Legal");
        browser.byRole("button", "Sign out").click();
        browser.byRole("textbox", "Admin token");
    }

    /**
     * The Audit tab: the IdP's writes with the key appear newest first with the names of what changed (never a
     * key), a time filter in the browser's zone narrows them, and Previous/Next page through them.
     */
    @Test
    void an_admin_reads_the_audit_trail_of_a_location() {
        // A zone east of UTC: the filter must send its local times as ISO-8601 with "+11:00" (or "+10:00"), and
        // that "+" must survive the query string.
        ZoneId sydney = ZoneId.of("Australia/Sydney");
        browser.driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", sydney.getId()));
        try {
            readAuditTrail(sydney);
        } finally {
            browser.driver.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
            browser.viewport(1280, 900);
        }
    }

    private void readAuditTrail(ZoneId zone) {
        browser.viewport(1280, 900);
        browser.driver.get(app.url("/admin"));
        browser.driver.executeScript("sessionStorage.clear()");
        browser.driver.navigate().refresh();
        Instant started = Instant.now().truncatedTo(ChronoUnit.MINUTES);

        browser.byRole("textbox", "Admin token").sendKeys(app.adminToken, Keys.ENTER);
        browser.byRole("textbox", "Location name").sendKeys("Perth audit");
        browser.byRole("button", "Create location").click();
        browser.byRole("heading", "Perth audit");
        String scimBaseUri = browser.byRole("textbox", "SCIM base URI").getDomProperty("value");
        String locationId = scimBaseUri.substring(scimBaseUri.lastIndexOf('/') + 1);
        new Select(browser.byRole("combobox", "Identity provider")).selectByVisibleText("Microsoft Entra ID");
        browser.byRole("button", "Generate new API key").click();
        String apiKey = browser.byRole("textbox", "New API key").getDomProperty("value");
        JsonNode key = app.http.get("/admin/api/locations/" + locationId, app.adminToken).json().get("scimKey");
        String keyId = key.get("keyId").asText();
        assertThat(keyId).isNotBlank();
        assertThat(key.get("identityProvider").asText()).isEqualTo("entra");
        assertThat(browser.driver.findElement(By.id("key-info")).getText()).contains("for Microsoft Entra ID");

        // What the IdP does with the key: 20 users (the trail then holds more than a page of 20), then Jane, then
        // a PATCH of Jane's family name and title.
        for (int i = 1; i <= 20; i++) {
            Response filler = app.http.post(scimBaseUri + "/Users", apiKey, """
                    {"userName": "filler%d@example.com"}""".formatted(i));
            assertThat(filler.status()).as(filler.toString()).isEqualTo(201);
        }
        Response created = app.http.send("POST", scimBaseUri + "/Users", apiKey, """
                {"userName": "jane.roe@example.com", "name": {"givenName": "Jane", "familyName": "Roe"},
                 "emails": [{"value": "jane.roe@example.com", "primary": true}]}""", "application/scim+json",
                "X-Request-Id", "okta-create-1");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String janeId = created.json().get("id").asText();
        Response patched = app.http.send("PATCH", scimBaseUri + "/Users/" + janeId, apiKey, """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                  {"op": "replace", "path": "name.familyName", "value": "Smith"},
                  {"op": "add", "path": "title", "value": "Counsel"}]}""", "application/scim+json",
                "X-Request-Id", "okta-patch-1");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);

        // Keyboard: End selects the last tab, Audit, which shows the first page, newest first.
        browser.byRole("tab", "Federated Identity").sendKeys(Keys.END);
        assertThat(browser.byRole("tab", "Audit").getDomAttribute("aria-selected")).isEqualTo("true");
        waitForSummary("1–20 of 24 entries.");
        List<Map<String, String>> entries = auditEntries();
        assertThat(entries).hasSize(20);
        String actor = "scim-key:" + keyId;
        assertThat(entries.get(0)).containsEntry("Operation", "scim.user.patch").containsEntry("Actor", actor)
                .containsEntry("Resource id", janeId).containsEntry("Changed attributes", "name, title")
                .containsEntry("Request id", "okta-patch-1");
        assertThat(entries.get(1)).containsEntry("Operation", "scim.user.create").containsEntry("Actor", actor)
                .containsEntry("Resource id", janeId).containsEntry("Changed attributes", "userName, name, emails")
                .containsEntry("Request id", "okta-create-1");
        assertThat(entries.subList(2, 20)).allSatisfy(e -> assertThat(e).containsEntry("Operation", "scim.user.create")
                .containsEntry("Changed attributes", "userName").containsEntry("Actor", actor));
        assertThat(entries).allSatisfy(e -> assertThat(e.get("Time")).isNotBlank());
        // The key is still on the Federated Identity tab (shown once), but the trail has only its id.
        WebElement panel = browser.driver.findElement(By.id("panel-audit"));
        assertThat(panel.getDomProperty("innerHTML")).doesNotContain(apiKey).contains(keyId);

        // Arrow keys wrap around the three tabs.
        browser.byRole("tab", "Audit").sendKeys(Keys.ARROW_RIGHT);
        assertThat(browser.byRole("tab", "Federated Identity").getDomAttribute("aria-selected")).isEqualTo("true");
        browser.byRole("tab", "Federated Identity").sendKeys(Keys.ARROW_LEFT);
        assertThat(browser.byRole("tab", "Audit").getDomAttribute("aria-selected")).isEqualTo("true");
        waitForSummary("1–20 of 24 entries.");
        assertThat(browser.hasNoHorizontalScroll()).as("audit at 1280px").isTrue();
        browser.screenshot("audit-1280");

        // Paging: the second page holds the 2 oldest user creations and the admin's own actions.
        assertThat(browser.byRole("button", "Previous page").isEnabled()).isFalse();
        browser.byRole("button", "Next page").click();
        waitForSummary("21–24 of 24 entries.");
        entries = auditEntries();
        assertThat(entries).extracting(e -> e.get("Operation"))
                .containsExactly("scim.user.create", "scim.user.create", "admin.scim-key.issue", "admin.location.create");
        assertThat(entries.get(2)).containsEntry("Actor", "admin").containsEntry("Resource id", keyId);
        assertThat(entries.get(3)).containsEntry("Actor", "admin").containsEntry("Resource id", locationId)
                .containsEntry("Changed attributes", "—");
        assertThat(browser.byRole("button", "Next page").isEnabled()).isFalse();
        // Next became disabled under the keyboard focus: focus moved to Previous instead of the page's body.
        assertThat(browser.driver.switchTo().activeElement().getAccessibleName()).isEqualTo("Previous page");
        browser.byRole("button", "Previous page").click();
        waitForSummary("1–20 of 24 entries.");

        // A phone: cards, no horizontal scrolling, the three tabs on one line.
        browser.viewport(390, 844);
        assertThat(browser.hasNoHorizontalScroll()).as("audit at 390px").isTrue();
        assertThat(browser.allByRole("tab")).extracting(tab -> tab.getRect().getY()).containsOnly(
                browser.byRole("tab", "Audit").getRect().getY());
        assertThat(auditEntries().get(0)).containsEntry("Operation", "scim.user.patch");
        browser.screenshot("audit-390");

        // A time filter that ends before any of this location's entries: the empty state. Entered in Sydney time;
        // read as UTC it would end 10-11 hours later and keep them all.
        DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(zone);
        setValue(browser.byRole("DateTime", "Until (not including)"), local.format(started));
        browser.byRole("button", "Apply time filter").click();
        waitForSummary("No audit entries in this time range.");
        assertThat(auditEntries()).isEmpty();
        assertThat(browser.allByRole("button")).extracting(WebElement::getAccessibleName)
                .doesNotContain("Previous page", "Next page");
        assertThat(browser.hasNoHorizontalScroll()).as("empty audit at 390px").isTrue();
        browser.screenshot("audit-empty-390");

        // From that minute on, everything is back; Clear removes the filter.
        setValue(browser.byRole("DateTime", "Until (not including)"), "");
        setValue(browser.byRole("DateTime", "From"), local.format(started));
        browser.byRole("button", "Apply time filter").click();
        waitForSummary("1–20 of 24 entries in the time range.");
        browser.byRole("button", "Clear time filter").click();
        waitForSummary("1–20 of 24 entries.");
        assertThat(browser.byRole("DateTime", "From").getDomProperty("value")).isEmpty();

        browser.byRole("button", "Sign out").click();
        browser.byRole("textbox", "Admin token");
    }

    /** The audit entries shown, the way a screen reader meets them: each row's cells by column header. */
    private List<Map<String, String>> auditEntries() {
        List<List<String>> rows = browser.table("Audit trail of Perth audit, newest first");
        List<String> headers = rows.get(0);
        assertThat(headers).containsExactly("Time", "Actor", "Operation", "Resource id", "Changed attributes", "Request id");
        return rows.subList(1, rows.size()).stream().map(cells -> {
            assertThat(cells).hasSameSizeAs(headers);
            Map<String, String> entry = new LinkedHashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                entry.put(headers.get(i), cells.get(i));
            }
            return entry;
        }).toList();
    }

    /** Sets a date-time field the way a picker does (typing into one depends on the browser's locale). */
    private void setValue(WebElement input, String value) {
        browser.driver.executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                + "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", input, value);
        assertThat(input.getDomProperty("value")).isEqualTo(value);
    }

    private void waitForSummary(String text) {
        By summary = By.id("audit-summary");
        new WebDriverWait(browser.driver, Duration.ofSeconds(10)).withMessage(() -> "audit summary \"" + text
                        + "\"; shown: \"" + browser.driver.findElement(summary).getText() + "\", error: \""
                        + browser.driver.findElement(By.id("audit-error")).getText() + "\"")
                .until(d -> d.findElement(summary).getText().equals(text));
    }
}
