-- POST /Users with a unique userName per request: wrk-thread number + counter + a run prefix.
-- args: <base path> <api key> <run prefix>
local threads = {}
local counter = 0
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  base, key, prefix = args[1], args[2], args[3]
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/scim+json"
end
function request()
  counter = counter + 1
  local name = prefix .. "-" .. tid .. "-" .. counter .. "@example.com"
  local body = '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' .. name ..
    '","name":{"givenName":"Bench","familyName":"User' .. counter .. '"},"emails":[{"value":"' .. name ..
    '","type":"work","primary":true}],"active":true}'
  return wrk.format(nil, base .. "/Users", nil, body)
end
