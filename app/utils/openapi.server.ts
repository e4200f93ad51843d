/**
 * The OpenAPI 3.1 document of the JSON APIs, generated from the zod schemas that read their
 * queries and describe their answers (app/validation), so it cannot drift from what they do.
 * The converter covers the kinds of schema those use; anything else fails loudly in the tests.
 */
import { z } from "zod";
import { ApiSessionListSchema, ApiSessionSchema, ProblemSchema } from "~/validation/api-responses";
import { ApiSessionsQuerySchema } from "~/validation/catalog-filters";
import { StatsApiQuerySchema } from "~/validation/stats-filters";
import { publicSiteUrl } from "./env.server";

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema (draft 2020-12, as OpenAPI 3.1 uses). */
export function toJsonSchema(schema: z.ZodTypeAny): JsonSchema {
  const described = (json: JsonSchema) => (schema.description ? { ...json, description: schema.description } : json);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodCatch)
    return described(toJsonSchema(schema._def.innerType as z.ZodTypeAny));
  if (schema instanceof z.ZodDefault)
    return described({ ...toJsonSchema(schema._def.innerType as z.ZodTypeAny), default: schema._def.defaultValue() });
  if (schema instanceof z.ZodEffects) return described(toJsonSchema(schema.innerType()));
  if (schema instanceof z.ZodNullable) {
    const inner = toJsonSchema(schema.unwrap());
    return described({ ...inner, type: [inner.type, "null"] });
  }
  if (schema instanceof z.ZodString) {
    const json: JsonSchema = { type: "string" };
    for (const check of schema._def.checks) {
      if (check.kind === "datetime") json.format = "date-time";
      if (check.kind === "url") json.format = "uri";
      if (check.kind === "regex") json.pattern = check.regex.source;
      if (check.kind === "max") json.maxLength = check.value;
    }
    return described(json);
  }
  if (schema instanceof z.ZodNumber) {
    const json: JsonSchema = { type: schema.isInt ? "integer" : "number" };
    if (schema.minValue !== null) json.minimum = schema.minValue;
    if (schema.maxValue !== null) json.maximum = schema.maxValue;
    return described(json);
  }
  if (schema instanceof z.ZodBoolean) return described({ type: "boolean" });
  if (schema instanceof z.ZodEnum) return described({ type: "string", enum: schema.options as string[] });
  if (schema instanceof z.ZodArray) return described({ type: "array", items: toJsonSchema(schema.element) });
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodTypeAny>;
    return described({
      type: "object",
      properties: Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, toJsonSchema(field)])),
      required: Object.entries(shape)
        .filter(([, field]) => !field.isOptional())
        .map(([name]) => name),
      ...(schema._def.unknownKeys === "strict" ? { additionalProperties: false } : {}),
    });
  }
  throw new Error(`No JSON Schema for a ${schema.constructor.name}`);
}

/** Each field of a query schema as an OpenAPI query parameter. */
function queryParameters(schema: z.AnyZodObject) {
  return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).map(([name, field]) => {
    const { description, ...fieldSchema } = toJsonSchema(field);
    return { name, in: "query", required: !field.isOptional(), description, schema: fieldSchema };
  });
}

const problemAnswer = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

const NOT_MODIFIED = { description: "Not modified since the ETag sent in If-None-Match" };

export function openApiDocument() {
  const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
  return {
    openapi: "3.1.0",
    info: {
      title: "BRICS Training Alliance API",
      version: "1",
      description:
        "The public catalog of training sessions, for partners' websites (open to every origin, read-only), and the participation statistics, for the office's BI tools (an organizer's API token). Answers follow Accept-Language or ?locale=; errors are RFC 9457 problems.",
    },
    servers: [{ url: `${publicSiteUrl()}/api/v1` }],
    paths: {
      "/sessions": {
        get: {
          summary: "Training sessions of the public catalog, soonest first",
          parameters: queryParameters(ApiSessionsQuerySchema),
          responses: {
            200: { description: "A page of sessions", content: json("SessionList") },
            304: NOT_MODIFIED,
            400: problemAnswer("A filter is malformed or unknown; errors name it"),
          },
        },
      },
      "/sessions/{id}": {
        get: {
          summary: "One training session of the public catalog",
          parameters: [
            { name: "id", in: "path", required: true, description: "The session's id", schema: { type: "integer" } },
          ],
          responses: {
            200: { description: "The session", content: json("Session") },
            304: NOT_MODIFIED,
            404: problemAnswer("No public session has this id"),
          },
        },
      },
      "/stats": {
        get: {
          summary: "Participation statistics by the dashboard's definitions, grouped one way",
          security: [{ apiToken: [] }],
          parameters: queryParameters(StatsApiQuerySchema),
          responses: {
            200: { description: "Totals, rows and the definitions used" },
            400: problemAnswer("A parameter is malformed or unknown; errors name it"),
            401: problemAnswer("No valid API token"),
          },
        },
      },
    },
    components: {
      schemas: {
        Session: toJsonSchema(ApiSessionSchema),
        SessionList: toJsonSchema(ApiSessionListSchema),
        Problem: toJsonSchema(ProblemSchema),
      },
      securitySchemes: {
        apiToken: {
          type: "http",
          scheme: "bearer",
          description: "A token an organizer makes (and revokes) at /admin/api-tokens",
        },
      },
    },
  };
}
