package com.xakia.scim.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.xakia.scim.config.Settings;
import com.xakia.scim.admin.messages.ErrorBody;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.apache.camel.openapi.BeanConfig;
import org.apache.camel.openapi.RestModelConverters;
import org.apache.camel.openapi.RestOpenApiReader;
import org.apache.camel.openapi.RestOpenApiSupport;

/**
 * GET /admin/api/openapi.json: the admin API as an OpenAPI 3.0 document, read by camel-openapi-java from the
 * rest blocks under /admin/api (their descriptions, parameters, body types and response models) and the
 * records they name. Camel's own api-context-path is not used: it would describe every rest block (SCIM, the
 * admin page, invitation links) and answer without the admin token, which every /admin/api call requires.
 * What the REST DSL cannot say is added here, once for every operation: the bearer admin token, the error
 * body, and the operation id (the REST verb's id, to find it in routes/).
 */
public final class AdminOpenApi {

    private static final String BASE_PATH = "/admin/api";
    private static final String TOKEN = "adminToken";

    private final Settings settings;
    /** The routes do not change while the service runs: built on the first call, then kept. */
    private volatile JsonNode document;

    public AdminOpenApi(Settings settings) {
        this.settings = settings;
    }

    public AdminReply document(Exchange exchange) throws Exception {
        JsonNode built = document;
        if (built == null) {
            built = build(exchange.getContext());
            document = built;
        }
        return new AdminReply(200, built);
    }

    private JsonNode build(CamelContext context) throws Exception {
        List<RestDefinition> admin = adminRests(context);
        BeanConfig config = new BeanConfig();
        config.setInfo(new Info().title("xakia-scim admin API").version("1")
                .description("Locations, organizations, their SCIM keys, users, invitations and audit trail. Every"
                        + " call takes an admin token as a bearer token: the operator's, or an organization admin's,"
                        + " which reaches its organization and its locations only (anything else answers 404);"
                        + " errors are {\"status\", \"error\"}."));
        OpenAPI api = new RestOpenApiReader().read(context, admin, config, context.getName(), context.getClassResolver());
        api.setServers(List.of(new Server().url(settings.publicUrl())));
        api.getComponents().addSecuritySchemes(TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("The operator's admin token (XAKIA_ADMIN_TOKEN, or the one printed on the first start),"
                        + " or an organization admin token"));
        api.addSecurityItem(new SecurityRequirement().addList(TOKEN));
        // named as the reader names the models it finds (it shortens class names to simple names)
        String errorBody = ErrorBody.class.getSimpleName();
        api.getComponents().addSchemas(errorBody, new RestModelConverters(false).readClass(api, ErrorBody.class).get(0));
        ApiResponse error = new ApiResponse().description("An error: 400, 401, 404, 409, 429 (with Retry-After), 500 or 503")
                .content(new Content().addMediaType("application/json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + errorBody))));
        for (RestDefinition rest : admin) {
            for (VerbDefinition verb : rest.getVerbs()) {
                String path = rest.getPath() + (verb.getPath() == null ? "" : verb.getPath());
                Operation operation = operation(api, path, verb.asVerb());
                operation.setOperationId(verb.getId());
                operation.getResponses().addApiResponse("default", error);
            }
        }
        return AdminJson.MAPPER.readTree(RestOpenApiSupport.getJsonFromOpenAPIAsString(api, config));
    }

    /** The rest blocks of the admin API, as the running CamelContext holds them. */
    private static List<RestDefinition> adminRests(CamelContext context) {
        return context.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions().stream()
                .filter(rest -> rest.getPath().startsWith(BASE_PATH)).toList();
    }

    private static Operation operation(OpenAPI api, String path, String method) {
        PathItem item = api.getPaths().get(path);
        Map<PathItem.HttpMethod, Operation> operations = item == null ? Map.of() : item.readOperationsMap();
        Operation operation = operations.get(PathItem.HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)));
        if (operation == null) {
            throw new IllegalStateException("camel-openapi-java left out " + method + " " + path);
        }
        return operation;
    }
}
