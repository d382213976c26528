-- wrk script for POST /v1/check: one Messenger reply, to a person who wrote an
-- hour before the run starts (the 24-hour window open), as the load
-- benchmarks send. A status other than 200 stops the thread.
--   wrk -t1 -c8 -d10s --latency -s lint/gateway/testdata/wrk-check.lua http://127.0.0.1:18417/v1/check
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"id":"m1","channel":"messenger","recipient":"psid-1","messaging_type":"RESPONSE",' ..
  '"last_user_message_at":"' .. os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 3600) .. '",' ..
  '"text":"Your order #4821 has shipped and arrives Thursday between 9:00 and 13:00. You can follow it from your account."}'

response = function(status, headers, body)
  if status ~= 200 then
    wrk.thread:stop()
  end
end
