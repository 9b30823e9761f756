-- POST /Users with a unique userName per request: wrk-thread number + counter + a run prefix.
-- args: <base path> <api key> <run prefix> [<routing values>]
-- With routing values n (an organization's base path), each user names location "L<k>", k cycling 1..n, in
-- the Xakia extension, which the organization's routing table reads.
local threads = {}
local counter = 0
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  base, key, prefix, values = args[1], args[2], args[3], tonumber(args[4] or "0")
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/scim+json"
end
function request()
  counter = counter + 1
  local name = prefix .. "-" .. tid .. "-" .. counter .. "@example.com"
  local schemas, routed = '"urn:ietf:params:scim:schemas:core:2.0:User"', ''
  if values > 0 then
    local ext = "urn:ietf:params:scim:schemas:extension:xakia:2.0:User"
    schemas = schemas .. ',"' .. ext .. '"'
    routed = ',"' .. ext .. '":{"location":"L' .. (counter % values + 1) .. '"}'
  end
  local body = '{"schemas":[' .. schemas .. '],"userName":"' .. name ..
    '","name":{"givenName":"Bench","familyName":"User' .. counter .. '"},"emails":[{"value":"' .. name ..
    '","type":"work","primary":true}],"active":true' .. routed .. '}'
  return wrk.format(nil, base .. "/Users", nil, body)
end
