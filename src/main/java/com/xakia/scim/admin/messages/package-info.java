/**
 * What the admin API reads and writes, as records: the REST binding (bindingMode json in
 * routes/admin-api.camel.yaml) turns request bodies into the request records and the response records into
 * JSON, and the OpenAPI document describes the API from the same classes. Field names are the wire names.
 */
package com.xakia.scim.admin.messages;
