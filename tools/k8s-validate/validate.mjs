#!/usr/bin/env node
// Validates Kubernetes manifests against the Kubernetes API's schemas, as the API server does with strict
// field validation. Every document of every file given is checked twice by kubernetes-models, whose models
// are generated from the official OpenAPI specification:
//   1. its ajv validators: types, required fields, enums and formats;
//   2. its TypeScript declarations, by tsc: each object as a typed literal, so that an unknown or misspelt
//      field (which the OpenAPI schemas allow and the API server's strict validation refuses) is an error.
// Prints one line per object and per finding; exits 1 if anything is invalid or of an unknown
// apiVersion/kind, 2 on bad usage. Usage: node validate.mjs FILE.yaml...
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const typed = []; // [name, apiVersion, kind, object] for the tsc pass

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: validate.mjs FILE.yaml...");
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const docs = parseAllDocuments(readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      console.log(`${file}: not YAML: ${doc.errors[0].message}`);
      failed++;
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue; // an empty document (a trailing ---)
    const { apiVersion, kind } = object;
    const name = `${file}: ${kind}/${object.metadata?.name ?? "?"}`;
    let Model;
    try {
      Model = (await import(`kubernetes-models/${apiVersion}/${kind}`))[kind];
    } catch {
      Model = undefined;
    }
    if (typeof Model !== "function") {
      console.log(`${name}: unknown apiVersion/kind ${apiVersion}/${kind}`);
      failed++;
      continue;
    }
    try {
      new Model(object).validate();
      console.log(`${name}: valid`);
    } catch (e) {
      console.log(`${name}: INVALID ${e.message}`);
      failed++;
    }
    typed.push([name, apiVersion, kind, object]);
  }
}

// Pass 2: one TypeScript file, each object an `I<Kind>` literal; tsc's excess-property check names any
// field the API does not have. Written beside node_modules so that the imports resolve.
if (typed.length > 0) {
  const dir = mkdtempSync(join(here, ".check-"));
  try {
    const lines = [];
    const owner = []; // line number (1-based) -> object name
    typed.forEach(([name, apiVersion, kind], i) =>
      lines.push(`import type { I${kind} as T${i} } from "kubernetes-models/${apiVersion}/${kind}";`));
    typed.forEach(([name, , , object], i) => {
      const body = `export const o${i}: T${i} = ${JSON.stringify(object, null, 2)};`.split("\n");
      for (const l of body) {
        lines.push(l);
        owner[lines.length] = name;
      }
    });
    writeFileSync(join(dir, "manifests.ts"), lines.join("\n") + "\n");
    try {
      execFileSync(process.execPath, [join(here, "node_modules", "typescript", "bin", "tsc"), "--noEmit", "--strict",
        "--skipLibCheck", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext",
        join(dir, "manifests.ts")], { cwd: dir, encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      const out = `${e.stdout ?? ""}${e.stderr ?? ""}`;
      const findings = out.split("\n").filter((l) => /error TS\d+/.test(l));
      for (const f of findings.length > 0 ? findings : [out.trim()]) {
        const at = /manifests\.ts\((\d+),\d+\)/.exec(f);
        console.log(`${at ? owner[Number(at[1])] : "tsc"}: INVALID ${f.replace(/^.*error /, "")}`);
      }
      failed++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exit(failed > 0 ? 1 : 0);
