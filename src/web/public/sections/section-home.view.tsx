import type { VNode } from 'preact';
import type { SectionHome } from '../../../services/sections/section-page.js';
import { useMessages } from '../../views/messages-context.js';
import { campaignPath } from '../campaigns/campaign-parts.view.js';

/** The top of a section's page: its logo, description, contact, publications, open campaigns and feeds. */
export function SectionIntro(props: { home: SectionHome; feed: string }): VNode {
  const m = useMessages();
  const { section, logo, publications, campaigns } = props.home;
  return (
    <div class="section-home">
      {section.retiredAt ? (
        <p class="notice" role="note">
          {m.t('public.section.retired')}
        </p>
      ) : null}
      {logo ? (
        <img
          class="section-logo"
          src={logo.src}
          alt={m.t('public.section.logoAlt', { name: section.name })}
          width={logo.width ?? undefined}
          height={logo.height ?? undefined}
        />
      ) : null}
      {section.description ? <p class="intro section-description">{section.description}</p> : null}
      {section.contactEmail ? (
        <p class="section-contact">
          {m.rich('public.section.contact', { address: section.contactEmail, email: (chunks) => <a href={`mailto:${section.contactEmail}`}>{chunks}</a> })}
        </p>
      ) : null}
      {publications.length > 0 ? (
        <section aria-labelledby="publications-heading">
          <h2 id="publications-heading">{m.t('public.section.publications')}</h2>
          <ul>
            {publications.map((p) => (
              <li>{p.url ? <a href={p.url}>{p.name}</a> : p.name}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {campaigns.length > 0 ? (
        <section aria-labelledby="campaigns-heading" class="section-campaigns">
          <h2 id="campaigns-heading">{m.t('public.section.campaigns')}</h2>
          <ul>
            {campaigns.map((c) => (
              <li>
                <a href={campaignPath(c.slug)}>{c.title}</a>
                {c.summary ? <p>{c.summary}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p class="feeds">
        {m.t('public.section.feeds')} <a href={`${props.feed}.xml`}>RSS</a> · <a href={`${props.feed}.atom`}>Atom</a> ·{' '}
        <a href={`${props.feed}.json`}>JSON Feed</a>
      </p>
      <h2>{m.t('public.section.latest')}</h2>
    </div>
  );
}
