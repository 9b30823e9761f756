-- Lookups spread over many locations: each request picks a random location from a file of
-- "<locationId> <apiKey>" lines.
-- args: <file>
function init(args)
  locs = {}
  for line in io.lines(args[1]) do
    local id, key = line:match("(%S+) (%S+)")
    locs[#locs + 1] = { id = id, key = key }
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
function request()
  local l = locs[math.random(1, #locs)]
  return wrk.format("GET", "/scim/v2/" .. l.id .. "/Users?filter=userName%20eq%20%22nobody%40example.com%22",
    { ["Authorization"] = "Bearer " .. l.key })
end
