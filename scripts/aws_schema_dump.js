#!/usr/bin/env node
// Dump the API surface of the installed @pulumi/aws as JSON on stdout (run by scripts/gen_aws_schema.py).
//
// Every .d.ts file is PARSED (not type-checked) with the TypeScript compiler API of the same
// node_modules: ts.createSourceFile gives the declarations, their optional marks, their types
// and their JSDoc @deprecated tags exactly as the package declares them. Type tokens come from
// the package's .js files (`__pulumiType = '...'` for resources, `invoke("...")` for functions):
// the .d.ts files do not carry them.
//
// Usage: node scripts/aws_schema_dump.js NODE_MODULES_DIR > raw.json
"use strict";

const fs = require("fs");
const path = require("path");

const nm = path.resolve(process.argv[2] || path.join(__dirname, "..", ".cache", "node", "node_modules"));
const ts = require(path.join(nm, "typescript"));
const pkg = path.join(nm, "@pulumi", "aws");
const version = JSON.parse(fs.readFileSync(path.join(pkg, "package.json"), "utf8")).version;

const unknownTypes = new Map(); // type text -> count (reported, so nothing is silently coarse)

function parse(file) {
    const text = fs.readFileSync(file, "utf8");
    return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, /*setParentNodes*/ true);
}

function deprecation(node) {
    for (const tag of ts.getJSDocTags(node)) {
        if (tag.tagName.text === "deprecated") {
            const c = ts.getTextOfJSDocComment(tag.comment);
            return (c || "").trim() || "deprecated";
        }
    }
    return undefined;
}

function isUndef(t) {
    return t.kind === ts.SyntaxKind.UndefinedKeyword
        || (t.kind === ts.SyntaxKind.LiteralType && t.literal.kind === ts.SyntaxKind.NullKeyword);
}

function entityName(n) {
    return n.kind === ts.SyntaxKind.Identifier ? n.text : entityName(n.left) + "." + n.right.text;
}

// Converts a type node into the compact form of the schema (see gen_aws_schema.py):
//   "string" | "number" | "boolean" | "any" | "asset" | "archive"
//   ["list", T] | ["map", T] | ["obj", "ns.Name"] | ["enum", "ns.Name"] | ["res", "module.Class"]
//   ["lit", value] | ["union", T, ...] | ["props", {name: {...}}]   (inline object type)
// `imports` maps a named import of the file to its module (`RestApi` -> "apigateway").
function conv(t, ctx) {
    switch (t.kind) {
        case ts.SyntaxKind.StringKeyword: return "string";
        case ts.SyntaxKind.NumberKeyword: return "number";
        case ts.SyntaxKind.BooleanKeyword: return "boolean";
        case ts.SyntaxKind.AnyKeyword:
        case ts.SyntaxKind.UnknownKeyword:
        case ts.SyntaxKind.ObjectKeyword: return "any";
        case ts.SyntaxKind.ParenthesizedType: return conv(t.type, ctx);
        case ts.SyntaxKind.ArrayType: return ["list", conv(t.elementType, ctx)];
        case ts.SyntaxKind.LiteralType: {
            const l = t.literal;
            if (l.kind === ts.SyntaxKind.StringLiteral) return ["lit", l.text];
            if (l.kind === ts.SyntaxKind.NumericLiteral) return ["lit", Number(l.text)];
            if (l.kind === ts.SyntaxKind.TrueKeyword) return ["lit", true];
            if (l.kind === ts.SyntaxKind.FalseKeyword) return ["lit", false];
            break;
        }
        case ts.SyntaxKind.UnionType: {
            const alts = [];
            const seen = new Set();
            for (const a of t.types) {
                if (isUndef(a)) continue;
                const c = conv(a, ctx);
                const k = JSON.stringify(c);
                if (!seen.has(k)) { seen.add(k); alts.push(c); }
            }
            if (alts.length === 1) return alts[0];
            // true | false is boolean
            if (alts.length === 2 && alts.every(a => Array.isArray(a) && a[0] === "lit" && typeof a[1] === "boolean")) return "boolean";
            return ["union", ...alts];
        }
        case ts.SyntaxKind.TypeLiteral: {
            const idx = t.members.find(m => m.kind === ts.SyntaxKind.IndexSignature);
            if (idx && t.members.length === 1) return ["map", conv(idx.type, ctx)];
            return ["props", members(t.members, ctx).props];
        }
        case ts.SyntaxKind.FunctionType:
            return "function";
        case ts.SyntaxKind.ImportType: {
            // import("./cluster").Cluster
            const spec = t.argument.literal.text.replace(/^\.\//, "");
            const q = t.qualifier ? entityName(t.qualifier) : "";
            return ["ref", ctx.module, q || spec];
        }
        case ts.SyntaxKind.TypeReference: {
            const name = entityName(t.typeName);
            const args = t.typeArguments || [];
            if (["pulumi.Input", "pulumi.Output", "Promise", "pulumi.Inputs"].includes(name) && args.length === 1) return conv(args[0], ctx);
            if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) return ["list", conv(args[0], ctx)];
            if (name === "Record" && args.length === 2) return ["map", conv(args[1], ctx)];
            if (name === "pulumi.ID" || name === "pulumi.URN") return "string";
            if (name === "pulumi.asset.Asset" || name === "pulumi.asset.FileAsset" || name === "pulumi.asset.StringAsset") return "asset";
            if (name === "pulumi.asset.Archive" || name === "pulumi.asset.AssetArchive" || name === "pulumi.asset.FileArchive") return "archive";
            if (name === "pulumi.Resource" || name === "pulumi.CustomResource") return ["res", "pulumi.Resource"];
            if (name.startsWith("inputs.") || name.startsWith("outputs.")) return ["obj", name.slice(name.indexOf(".") + 1)];
            if (name.startsWith("enums.")) return ["enum", name.slice(6)];
            const head = name.split(".")[0];
            if (ctx.imports && ctx.imports.has(head)) {
                const target = ctx.imports.get(head);
                const rest = name.includes(".") ? name.slice(name.indexOf(".") + 1) : head;
                return ["ref", target.module, target.name === "*" ? rest : target.name + (name.includes(".") ? name.slice(head.length) : "")];
            }
            if (ctx.local) return ["ref", ctx.module, name];
            break;
        }
    }
    const text = t.getText();
    unknownTypes.set(text, (unknownTypes.get(text) || 0) + 1);
    return "any";
}

// Properties of an interface / class / type literal: {name: {t, opt?, dep?}}, readonly ones flagged.
function members(list, ctx) {
    const props = {};
    for (const m of list) {
        if (m.kind !== ts.SyntaxKind.PropertySignature && m.kind !== ts.SyntaxKind.PropertyDeclaration) continue;
        if (!m.name || !m.type) continue;
        if (m.modifiers && m.modifiers.some(x => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
        const name = m.name.kind === ts.SyntaxKind.Identifier || m.name.kind === ts.SyntaxKind.StringLiteral ? m.name.text : m.name.getText();
        const e = { t: conv(m.type, ctx) };
        if (m.questionToken) e.opt = 1;
        const d = deprecation(m);
        if (d) e.dep = d;
        props[name] = e;
    }
    return { props };
}

function importsOf(sf, module) {
    const map = new Map();
    for (const st of sf.statements) {
        if (st.kind !== ts.SyntaxKind.ImportDeclaration || !st.importClause) continue;
        const spec = st.moduleSpecifier.text;
        if (!spec.startsWith(".")) continue;
        const dir = path.dirname(sf.fileName);
        let target = path.relative(pkg, path.resolve(dir, spec)).split(path.sep);
        // "./index", "./restApi", "." and "../s3" all name a module folder (or a file in it)
        if (target.length && (target[target.length - 1] === "index" || fs.existsSync(path.resolve(dir, spec) + ".d.ts"))) target = target.slice(0, -1);
        const mod = target.join(".");
        if (mod.startsWith("types")) continue; // inputs / outputs / enums handled by name
        const nb = st.importClause.namedBindings;
        if (!nb) continue;
        if (nb.kind === ts.SyntaxKind.NamespaceImport) map.set(nb.name.text, { module: mod, name: "*" });
        else for (const el of nb.elements) map.set(el.name.text, { module: mod, name: (el.propertyName || el.name).text });
    }
    return map;
}

function moduleOf(file) {
    const rel = path.relative(pkg, path.dirname(file));
    return rel === "" ? "" : rel.split(path.sep).join(".");
}

function walkDts(dir, out) {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, ent.name);
        if (ent.isDirectory()) {
            if (dir === pkg && (ent.name === "node_modules" || ent.name === "types" || ent.name === "scripts")) continue;
            walkDts(p, out);
        } else if (ent.name.endsWith(".d.ts")) out.push(p);
    }
    return out;
}

const CLASS_TOKEN = /class (\w+) extends pulumi\.(?:CustomResource|ProviderResource) \{[\s\S]*?static __pulumiType = '([^']+)';/g;
const ALIAS = /const aliasOpts = \{ aliases: \[(.*?)\] \};/g;
const FUNCTION = /^function (\w+)\(/gm;
const INVOKE = /pulumi\.runtime\.invoke(?:Output)?\("([^"]+)"/;

// function name -> invoke token, each function's body searched up to the next top-level function
function invokeTokens(jsText) {
    const out = new Map();
    const starts = [...jsText.matchAll(FUNCTION)];
    starts.forEach((m, i) => {
        const end = i + 1 < starts.length ? starts[i + 1].index : jsText.length;
        const t = INVOKE.exec(jsText.slice(m.index, end));
        if (t) out.set(m[1], t[1]);
    });
    return out;
}

const resources = [];
const functions = [];
const components = [];
for (const file of walkDts(pkg, []).sort()) {
    const js = file.replace(/\.d\.ts$/, ".js");
    const jsText = fs.existsSync(js) ? fs.readFileSync(js, "utf8") : "";
    const classTokens = new Map();
    for (const m of jsText.matchAll(CLASS_TOKEN)) classTokens.set(m[1], m[2]);
    // `const aliasOpts = { aliases: [{ type: "aws:s3/bucketV2:BucketV2" }] }` in a resource's
    // constructor: the types Pulumi treats as this resource (a rename keeps the existing one).
    const aliases = [...jsText.matchAll(ALIAS)].flatMap(m => [...m[1].matchAll(/type: "([^"]+)"/g)].map(x => x[1]));
    const fnTokens = invokeTokens(jsText);
    const sf = parse(file);
    const module = moduleOf(file);
    const ctx = { imports: importsOf(sf, module), module, local: true };
    const ifaces = new Map();
    for (const st of sf.statements) if (st.kind === ts.SyntaxKind.InterfaceDeclaration) ifaces.set(st.name.text, st);
    const ifaceProps = (name) => {
        const i = name && ifaces.get(name);
        return i ? members(i.members, ctx).props : null;
    };
    const paramType = (p) => (p && p.type && p.type.kind === ts.SyntaxKind.TypeReference) ? entityName(p.type.typeName) : null;
    for (const st of sf.statements) {
        if (st.kind === ts.SyntaxKind.ClassDeclaration && st.name) {
            const cls = st.name.text;
            const ext = (st.heritageClauses || []).flatMap(h => h.types.map(x => x.expression.getText()));
            const ctor = st.members.find(m => m.kind === ts.SyntaxKind.Constructor && m.parameters.length >= 2
                && m.parameters[0].name.getText() === "name");
            const argsParam = ctor ? ctor.parameters[1] : null;
            const argsName = paramType(argsParam);
            const outputs = {};
            for (const m of st.members) {
                if (m.kind !== ts.SyntaxKind.PropertyDeclaration || !m.type || !m.name) continue;
                if (m.modifiers && m.modifiers.some(x => x.kind === ts.SyntaxKind.StaticKeyword)) continue;
                const nm_ = m.name.getText();
                if (nm_.startsWith("__")) continue;
                outputs[nm_] = { t: conv(m.type, ctx) };
                const d = deprecation(m);
                if (d) outputs[nm_].dep = d;
            }
            const entry = {
                module, cls, token: classTokens.get(cls) || null, extends: ext,
                dep: deprecation(st),
                argsType: argsName, argsOptional: !!(argsParam && argsParam.questionToken),
                args: ifaceProps(argsName), outputs,
                aliases: classTokens.size === 1 ? [...new Set(aliases)] : [],
            };
            if (classTokens.has(cls)) resources.push(entry);
            else if (ctor && st.modifiers && st.modifiers.some(x => x.kind === ts.SyntaxKind.ExportKeyword)) components.push(entry);
        } else if (st.kind === ts.SyntaxKind.FunctionDeclaration && st.name && fnTokens.has(st.name.text)) {
            const name = st.name.text;
            const argsParam = st.parameters[0];
            const argsName = paramType(argsParam);
            let resultName = null;
            if (st.type && st.type.kind === ts.SyntaxKind.TypeReference && st.type.typeArguments && st.type.typeArguments[0].kind === ts.SyntaxKind.TypeReference) {
                resultName = entityName(st.type.typeArguments[0].typeName);
            }
            functions.push({
                module, name, token: fnTokens.get(name), dep: deprecation(st),
                output: name.endsWith("Output") || (st.type && entityName(st.type.typeName || { kind: 0 }) === "pulumi.Output"),
                argsType: argsName, argsOptional: !argsParam || !!argsParam.questionToken,
                args: ifaceProps(argsName), result: ifaceProps(resultName), resultType: resultName,
            });
        }
    }
}

// Nested argument types (types/input.d.ts; namespaces per module) and enums (types/enums/*).
function collectTypes(file, kind) {
    const sf = parse(file);
    const out = {};
    const ctx = { imports: new Map(), module: "", local: false };
    const visit = (stmts, prefix) => {
        for (const st of stmts) {
            if (st.kind === ts.SyntaxKind.ModuleDeclaration && st.body) {
                const nsName = prefix + st.name.text;
                const body = st.body.kind === ts.SyntaxKind.ModuleBlock ? st.body.statements : [st.body];
                visit(body, nsName + ".");
            } else if (st.kind === ts.SyntaxKind.InterfaceDeclaration) {
                const e = { props: members(st.members, ctx).props };
                const d = deprecation(st);
                if (d) e.dep = d;
                out[prefix + st.name.text] = e;
            } else if (st.kind === ts.SyntaxKind.TypeAliasDeclaration) {
                out[prefix + st.name.text] = { alias: conv(st.type, ctx) };
            }
        }
    };
    visit(sf.statements, "");
    return out;
}

function collectEnums(dir, prefix, out) {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, ent.name);
        if (ent.isDirectory()) { collectEnums(p, prefix + ent.name + ".", out); continue; }
        if (ent.name !== "index.d.ts") continue;
        const sf = parse(p);
        for (const st of sf.statements) {
            if (st.kind !== ts.SyntaxKind.VariableStatement) continue;
            for (const d of st.declarationList.declarations) {
                if (!d.type || d.type.kind !== ts.SyntaxKind.TypeLiteral) continue;
                const values = {};
                const deprecated = {};
                for (const m of d.type.members) {
                    if (m.kind !== ts.SyntaxKind.PropertySignature || !m.type || m.type.kind !== ts.SyntaxKind.LiteralType) continue;
                    const l = m.type.literal;
                    const v = l.kind === ts.SyntaxKind.NumericLiteral ? Number(l.text) : l.text;
                    values[m.name.getText()] = v;
                    const dep = deprecation(m);
                    if (dep) deprecated[m.name.getText()] = dep;
                }
                out[prefix + d.name.getText()] = { values, deprecated };
            }
        }
    }
    return out;
}

const inputTypes = collectTypes(path.join(pkg, "types", "input.d.ts"));
const enums = collectEnums(path.join(pkg, "types", "enums"), "", {});
// Module-level enums that are declared next to the resources (ec2.InstanceType etc. re-exported),
// and type aliases of module files (iam.ARN, iam.PolicyDocument...): recorded as aliases.
const aliases = {};
for (const file of walkDts(pkg, [])) {
    const sf = parse(file);
    const module = moduleOf(file);
    for (const st of sf.statements) {
        if (st.kind === ts.SyntaxKind.TypeAliasDeclaration && st.type.kind !== ts.SyntaxKind.ImportType) {
            aliases[(module ? module + "." : "") + st.name.text] = conv(st.type, { imports: importsOf(sf, module), module, local: true });
        } else if (st.kind === ts.SyntaxKind.InterfaceDeclaration && !/Args$|State$|Result$/.test(st.name.text)) {
            aliases[(module ? module + "." : "") + st.name.text] = ["props", members(st.members, { imports: importsOf(sf, module), module, local: true }).props];
        }
    }
}

process.stdout.write(JSON.stringify({
    package: "@pulumi/aws", version, typescript: ts.version,
    resources, functions, components, inputTypes, enums, aliases,
    unknownTypes: Object.fromEntries([...unknownTypes.entries()].sort((a, b) => b[1] - a[1])),
}));
