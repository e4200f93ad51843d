import { z } from "zod";
import { CancelSessionSchema } from "./manage";

/** Staff removing a trainee's place: which one, and why (the trainee reads the reason). */
export const RemoveRegistrantSchema = CancelSessionSchema.extend({
  registrationId: z.coerce.number({ invalid_type_error: "validation.required" }).int().positive("validation.required"),
});
