import type { toolsZhCN } from './tools.zh-CN.ts';

/** The editor's drawing tools, snapping, reparenting and attributes form in English. */
export const toolsEn: Record<keyof typeof toolsZhCN, string> = {
  'editor.tool.draw': 'New cell',
  'editor.tool.reshape': 'Reshape',
  'editor.tool.reparent': 'Move to community',

  'editor.hint.draw':
    'Click to outline a new cell inside community {parent} ({count} points), Enter to finish, Esc to cancel.',
  'editor.hint.reshape':
    'Draw from a point on the boundary of {name} along it to another point on it ({count} points; snap both ends to the boundary), Enter to finish, Esc to cancel',
  'editor.hint.snapped': 'Snapped to a {target}',
  'editor.snapTarget.vertex': 'vertex',
  'editor.snapTarget.edge': 'edge',

  'editor.draw.modeTitle': 'Area of the new cell',
  'editor.draw.take': 'Take from the cells it covers',
  'editor.draw.takeHint': 'everything outlined goes to the new cell; the cells it covers give up that part',
  'editor.draw.uncovered': 'Uncovered space only',
  'editor.draw.uncoveredHint':
    'only the outlined part that no cell covers yet; existing cells stay as they are',
  'editor.draw.needCommunity': 'Select a community (or a cell in it) first; the new cell is drawn inside it',
  'editor.draw.tooFew': 'An outline needs at least 3 points',

  'editor.snap.label': 'Snap',
  'editor.snap.title': 'Snapping tolerance (screen pixels, 0 turns it off); remembered',
  'editor.snap.px': 'px',

  'editor.reparent.title': 'Move {name} to another community',
  'editor.reparent.pick': 'Which neighbouring community (the code is reassigned under it)',
  'editor.reparent.none': 'No other community borders this cell',
  'editor.reparent.submit': 'Move',

  'editor.attrs.title': 'Edit attributes',
  'editor.attrs.loading': 'Reading attributes…',
  'editor.attrs.code': 'Code',
  'editor.attrs.codeHint': '{length} digits, starting with the parent code, unique',
  'editor.attrs.name': 'Name',
  'editor.attrs.kind': 'Kind',
  'editor.attrs.kindNone': '(not set)',
  'editor.attrs.subtype': 'Dedicated to',
  'editor.attrs.chief': 'Grid chief',
  'editor.attrs.population': 'Population',
  'editor.attrs.fullTime': 'Full-time workers',
  'editor.attrs.partTime': 'Part-time workers',
  'editor.attrs.volunteer': 'Volunteer workers',
  'editor.attrs.count': 'Count',
  'editor.attrs.names': 'Names (one per line)',
  'editor.attrs.notes': 'Notes',
  'editor.attrs.save': 'Save',
  'editor.attrs.reset': 'Reset',
  'editor.attrs.saved': 'Saved in the draft (can be undone)',
  'editor.attrs.unchanged': 'Nothing changed',
  'editor.subtype.office_tower': 'Office tower',
  'editor.subtype.park': 'Park',
  'editor.subtype.school': 'School',
  'editor.subtype.hospital': 'Hospital',
  'editor.subtype.market': 'Market',
  'editor.subtype.construction_site': 'Construction site',
  'editor.subtype.other': 'Other',

  'editor.help.draw':
    'N — draw a new cell in the selected community: click the outline, Enter to finish, Esc to cancel; choose "take from the cells it covers" or "uncovered space only" first',
  'editor.help.reshape':
    'R — reshape a boundary: draw from a point on the selected unit’s boundary along it to another point, Enter; the units on both sides follow, and past a point where several meet each neighbour keeps its share',
  'editor.help.reparent': 'P — move the selected cell to a neighbouring community; its code follows',
  'editor.help.snap':
    'Drawing and dragging snap to nearby vertices and edges (pink ring); set the tolerance under "Snap" in the toolbar',
  'editor.help.attributes':
    '"Edit attributes" on the right: name, code, kind, grid chief, workers, population, notes; every save can be undone',
  'editor.help.finish': 'Enter — finish a drawing; Esc — cancel the drawing or the tool',
};
