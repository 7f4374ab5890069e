// Sends the points of a file to a line-protocol server over TCP with the QuestDB Node.js client.
// usage: node send-points.mjs HOST:PORT POINTS_FILE
// POINTS_FILE has one point per line, tab-separated: host, rack, timestamp (ns), temperature (float),
// count (integer), ok (true|false). The test writes it, then reads the stored points back.
import { readFile } from "node:fs/promises";
import { Sender } from "@questdb/nodejs-client";

const [address, pointsFile] = process.argv.slice(2);
if (!address || !pointsFile) {
  console.error("usage: node send-points.mjs HOST:PORT POINTS_FILE");
  process.exit(2);
}

const lines = (await readFile(pointsFile, "utf8")).split("\n").filter((line) => line.length > 0);
// protocol_version=1 is plain-text line protocol (version 2 encodes doubles in binary).
const sender = await Sender.fromConfig(`tcp::addr=${address};protocol_version=1`);
await sender.connect();
for (const line of lines) {
  const [host, rack, timestampNs, temperature, count, ok] = line.split("\t");
  await sender
    .table("sensor")
    .symbol("host", host)
    .symbol("rack", rack)
    .floatColumn("temperature", Number(temperature))
    .intColumn("count", Number(count))
    .booleanColumn("ok", ok === "true")
    .at(BigInt(timestampNs), "ns");
}

await sender.flush();
await sender.close();
console.log(`sent ${lines.length} points`);
