"use client";

import { Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { LanguageSwitch } from "@/app/_components/LanguageSwitch";

/** Design size of a slide in CSS pixels: A4 landscape (297 × 210 mm at 96 dpi), a little under so that each slide prints on one page. */
export const SLIDE_WIDTH = 1120;
export const SLIDE_HEIGHT = 790;

/** What the browser test reads: the slide shown (1-based) and how many there are. */
declare global {
  interface Window {
    __briefing?: { slide: number; total: number };
  }
}

/**
 * The briefing as a full-screen deck: one slide at a time, scaled to the window, driven by the
 * keyboard (→ ↓ PageDown Space: next; ← ↑ PageUp: previous; Home/End; Esc: leave full screen, or go
 * back to the dashboard). Printing (window.print, or Chromium's page.pdf) shows every slide, one A4
 * landscape page each (briefing.css). Slides are server-rendered and only shown or hidden here;
 * hidden slides keep their size, so that their maps can draw.
 */
export function Deck({ slides, exitHref, title }: { slides: ReactNode[]; exitHref: string; title: string }) {
  const t = useTranslations("briefing");
  const router = useRouter();
  const [index, setIndex] = useState(0);
  const [scale, setScale] = useState(1);
  const stage = useRef<HTMLDivElement>(null);
  const total = slides.length;

  const go = useCallback((k: number) => setIndex(Math.max(0, Math.min(total - 1, k))), [total]);

  useEffect(() => {
    window.__briefing = { slide: index + 1, total };
  }, [index, total]);

  useLayoutEffect(() => {
    const fit = () => {
      const box = stage.current?.getBoundingClientRect();
      if (!box) return;
      setScale(Math.min(box.width / SLIDE_WIDTH, box.height / SLIDE_HEIGHT));
    };
    fit();
    window.addEventListener("resize", fit);
    return () => window.removeEventListener("resize", fit);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) return;
      switch (e.key) {
        case "ArrowRight":
        case "ArrowDown":
        case "PageDown":
        case " ":
          e.preventDefault();
          setIndex((i) => Math.min(total - 1, i + 1));
          break;
        case "ArrowLeft":
        case "ArrowUp":
        case "PageUp":
          e.preventDefault();
          setIndex((i) => Math.max(0, i - 1));
          break;
        case "Home":
          e.preventDefault();
          setIndex(0);
          break;
        case "End":
          e.preventDefault();
          setIndex(total - 1);
          break;
        case "Escape":
          e.preventDefault();
          if (document.fullscreenElement) void document.exitFullscreen();
          else router.push(exitHref);
          break;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [total, exitHref, router]);

  return (
    <section className="deck" aria-roledescription={t("deckLabel")} aria-label={title}>
      <div className="deck-toolbar">
        <button type="button" onClick={() => go(index - 1)} disabled={index === 0}>
          ← {t("toolbar.previous")}
        </button>
        <span className="deck-position" aria-live="polite">
          {t("toolbar.position", { n: index + 1, total })}
        </span>
        <button type="button" onClick={() => go(index + 1)} disabled={index === total - 1}>
          {t("toolbar.next")} →
        </button>
        <span className="deck-keys">{t("toolbar.keys")}</span>
        <button type="button" onClick={() => void document.documentElement.requestFullscreen?.()}>
          {t("toolbar.fullscreen")}
        </button>
        <button type="button" className="deck-print" onClick={() => window.print()}>
          {t("toolbar.print")}
        </button>
        <Suspense>
          <LanguageSwitch />
        </Suspense>
        <button type="button" onClick={() => router.push(exitHref)}>
          {t("toolbar.exit")}
        </button>
      </div>
      <div className="deck-stage" ref={stage}>
        <div className="deck-slides" style={{ width: SLIDE_WIDTH, height: SLIDE_HEIGHT, transform: `scale(${scale})` }}>
          {slides.map((s, i) => (
            <div key={i} className={`deck-slide${i === index ? " is-current" : ""}`} aria-hidden={i !== index} data-slide-index={i + 1}>
              {s}
            </div>
          ))}
        </div>
      </div>
    </section>
  );
}
