import { z } from "zod";
import { SUPPORTED_LOCALES } from "~/i18n/config";
import { countryField, emailField, nameField, newPasswordField, organizationField, passwordField } from "./fields";

export const SignupSchema = z.object({
  email: emailField,
  password: newPasswordField,
  name: nameField,
  country: countryField,
  organization: organizationField,
  consent: z.literal("on", { errorMap: () => ({ message: "validation.consent" }) }),
});

export const LoginSchema = z.object({
  email: emailField,
  password: passwordField,
  redirectTo: z.string().optional(),
});

export const ForgotPasswordSchema = z.object({ email: emailField });

/** `consent` is asked only of an account that never gave it (made by an attendance import). */
export const ResetPasswordSchema = z.object({ password: newPasswordField, consent: z.literal("on").optional() });

export const ProfileSchema = z.object({
  name: nameField,
  country: countryField,
  organization: organizationField,
  locale: z.enum(SUPPORTED_LOCALES, { errorMap: () => ({ message: "validation.locale" }) }),
});

export const ChangePasswordSchema = z.object({
  currentPassword: passwordField,
  newPassword: newPasswordField,
});

export const DeleteAccountSchema = z.object({ password: passwordField });

export const InvitationSchema = z
  .object({
    email: emailField,
    role: z.enum(["staff", "organizer"], { errorMap: () => ({ message: "validation.role" }) }),
    institution: z.string().optional(),
    locale: z.enum(SUPPORTED_LOCALES, { errorMap: () => ({ message: "validation.locale" }) }),
  })
  .superRefine((value, ctx) => {
    if (value.role === "staff" && !value.institution) {
      ctx.addIssue({ code: "custom", path: ["institution"], message: "validation.institution" });
    }
  });

export const AcceptInvitationSchema = z.object({
  name: nameField,
  password: newPasswordField,
  country: countryField,
});
