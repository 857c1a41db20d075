import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { TreeNode } from '../../../shared/api/contract.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { CaseLayer } from './case-layer.ts';
import { DispatchPanel } from './DispatchPanel.tsx';
import './dispatch.css';

type Tab = 'attributes' | 'dispatch';

interface Props {
  attributes: ReactNode;
  layer: CaseLayer;
  nodes: readonly TreeNode[];
}

/**
 * The right-hand column: grid attributes or the dispatch panel, as tabs. Both stay mounted so the
 * queue keeps its filters and live updates while the attributes are in front.
 */
export function SidePanels({ attributes, layer, nodes }: Props): ReactNode {
  const { t } = useI18n();
  const [tab, setTab] = useState<Tab>('attributes');
  const towns = nodes.filter((n) => n.level === 'town');
  const showDispatch = useCallback(() => setTab('dispatch'), []);
  useEffect(() => {
    // The dispatch column is wider; the workspace grid reads this to make room.
    document.body.dataset.side = tab;
  }, [tab]);
  return (
    <div className="side-panels">
      <div className="side-tabs" role="tablist">
        {(['attributes', 'dispatch'] as const).map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            aria-selected={tab === x}
            className={`side-tab${tab === x ? ' on' : ''}`}
            data-testid={`side-tab-${x}`}
            onClick={() => setTab(x)}
          >
            {t(x === 'attributes' ? 'side.attributes' : 'side.dispatch')}
          </button>
        ))}
      </div>
      <div className="side-body" hidden={tab !== 'attributes'}>
        {attributes}
      </div>
      <div className="side-body" hidden={tab !== 'dispatch'}>
        <DispatchPanel
          layer={layer}
          towns={towns}
          visible={tab === 'dispatch'}
          onWantVisible={showDispatch}
        />
      </div>
    </div>
  );
}
