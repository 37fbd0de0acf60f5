import type { VNode } from 'preact';
import { ROLES } from '../../../domain/accounts/staff.js';
import { useMessages } from '../../views/messages-context.js';
import { roleName } from '../labels.js';
import type { Section } from '../../../domain/sections/section.js';
import { FieldError } from '../admin-layout.view.js';

/** The role select and section checkboxes, shared by "add" and "change role". */
export function RoleAndSectionFields(props: {
  role: string;
  sectionSlugs: readonly string[];
  sections: readonly Section[];
  errors: Record<string, string>;
}): VNode {
  const { errors } = props;
  const m = useMessages();
  return (
    <>
      <label for="role">{m.t('admin.account.role')}</label>
      <select id="role" name="role" aria-describedby="role-error">
        {ROLES.map((role) => (
          <option value={role} selected={props.role === role}>
            {roleName(m, role)}
          </option>
        ))}
      </select>
      <FieldError id="role-error" message={errors.role} />
      <fieldset aria-describedby="sections-hint sections-error">
        <legend>{m.t('admin.articles.column.sections')}</legend>
        <p class="hint" id="sections-hint">
          {m.t('admin.users.sections-hint')}
        </p>
        <ul class="checks">
          {props.sections.map((section) => (
            <li>
              <label>
                <input type="checkbox" name="sections" value={section.slug} checked={props.sectionSlugs.includes(section.slug)} /> {section.name} (
                {section.shortLabel})
              </label>
            </li>
          ))}
        </ul>
        <FieldError id="sections-error" message={errors.sections} />
      </fieldset>
    </>
  );
}
