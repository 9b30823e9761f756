-- PATCH over a file of seeded user ids, each wrk thread t taking ids t, t+T, t+2T, ... so no two
-- requests touch the same id. Two forms:
--   deactivate: PATCH <base>/Users/<id>   {"op":"replace","value":{"active":false}}   (Okta)
--   member:     PATCH <base>/Groups/<group>  add <id> to the group's members
-- args: <base path> <api key> <file of user ids> <threads> deactivate|member [<group id>]
local threads = {}
function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end
function init(args)
  base, key, step, form, group = args[1], args[2], tonumber(args[4]), args[5], args[6]
  ids = {}
  for line in io.lines(args[3]) do ids[#ids + 1] = line end
  i = tid
  wrk.method = "PATCH"
  wrk.headers["Authorization"] = "Bearer " .. key
  wrk.headers["Content-Type"] = "application/scim+json"
end
local PATCH_OP = '{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":['
function request()
  i = i + step
  local id = ids[(i % #ids) + 1]
  if form == "member" then
    return wrk.format(nil, base .. "/Groups/" .. group, nil,
      PATCH_OP .. '{"op":"add","path":"members","value":[{"value":"' .. id .. '"}]}]}')
  end
  return wrk.format(nil, base .. "/Users/" .. id, nil, PATCH_OP .. '{"op":"replace","value":{"active":false}}]}')
end
