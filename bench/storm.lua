-- Okta's provisioning of new users: for each one, GET /Users?filter=userName eq "<name>" (nothing found),
-- then POST /Users with that name. Each wrk thread runs its pairs one after the other over its connections
-- (a thread's connections share this state, so a pair's two requests may go out on two connections).
-- args: <base path> <api key> <run prefix>. Prints "provisioned: <users created (201)>".
local threads = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  base, key, prefix = args[1], args[2], args[3]
  counter, pending, created = 0, nil, 0
  lookup_headers = {["Authorization"] = "Bearer " .. key}
  create_headers = {["Authorization"] = "Bearer " .. key, ["Content-Type"] = "application/scim+json"}
end
function request()
  if pending == nil then
    counter = counter + 1
    pending = prefix .. "-" .. tid .. "-" .. counter .. "@example.com"
    return wrk.format("GET", base .. "/Users?filter=userName%20eq%20%22" .. pending .. "%22", lookup_headers, nil)
  end
  local name = pending
  pending = nil
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. name ..
    '","name":{"givenName":"Storm","familyName":"User' .. counter .. '"},"emails":[{"value":"' .. name ..
    '","type":"work","primary":true}],"active":true}'
  return wrk.format("POST", base .. "/Users", create_headers, body)
end
function response(status, headers, body)
  if status == 201 then
    created = created + 1
  end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("created")
  end
  io.write("provisioned: " .. total .. "\n")
end
