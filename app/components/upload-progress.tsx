import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

/**
 * Upload progress for a large file, where JavaScript runs: the form is sent with
 * XMLHttpRequest (fetch reports no upload progress) and the page follows the answer's redirect.
 * Without JavaScript the form posts normally and the browser shows its own progress. If the
 * server refuses the file, the form is posted again normally so its error page shows.
 */
export function UploadProgress({ formId }: { formId: string }) {
  const { t } = useTranslation();
  const [percent, setPercent] = useState<number | null>(null);
  useEffect(() => {
    const form = document.getElementById(formId);
    if (!(form instanceof HTMLFormElement)) return;
    let fallback = false;
    const onSubmit = (event: SubmitEvent) => {
      if (fallback) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.onprogress = (progress) => {
        if (progress.lengthComputable) setPercent(Math.round((progress.loaded / progress.total) * 100));
      };
      request.onload = () => {
        const moved = request.responseURL && new URL(request.responseURL).pathname !== window.location.pathname;
        if (request.status === 200 && moved) window.location.assign(request.responseURL);
        else {
          fallback = true;
          form.submit();
        }
      };
      request.onerror = () => {
        fallback = true;
        form.submit();
      };
      setPercent(0);
      request.send(new FormData(form));
    };
    // Capture, so this runs before React Router's own submit handling.
    form.addEventListener("submit", onSubmit, { capture: true });
    return () => form.removeEventListener("submit", onSubmit, { capture: true });
  }, [formId]);
  if (percent === null) return null;
  return (
    <p role="status">
      <label>
        {t("attendanceImport.uploading", { percent })} <progress max={100} value={percent} />
      </label>
    </p>
  );
}
