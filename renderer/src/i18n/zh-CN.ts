/**
 * The source of message keys: every other locale must have exactly these keys (checked by the
 * compiler through `Messages` and by a unit test). Placeholders are `{name}`.
 */
import { adminZhCN } from '../admin/admin.zh-CN.ts';
import { dispatchZhCN } from '../dispatch/dispatch.zh-CN.ts';
import { intakeZhCN } from './intake.zh-CN.ts';
import { coverageZhCN } from './coverage.zh-CN.ts';
import { editorZhCN } from './editor.zh-CN.ts';
import { toolsZhCN } from '../editor/tools/tools.zh-CN.ts';
import { heatmapZhCN } from '../heatmap/heatmap.zh-CN.ts';
import { exportZhCN } from '../editor/export/export.zh-CN.ts';
import { transferZhCN } from '../editor/import/transfer.zh-CN.ts';

export const zhCN = {
  'app.name': '格治',
  'app.subtitle': '网格化服务管理',
  'app.title': '格治 GeZhi · 网格化服务管理',
  'app.loading': '正在打开数据文件…',
  'app.loadingRead': '正在读取数据文件… {percent}%（{read} / {total} MB）',

  'lang.switch': 'English',
  'lang.switchTitle': '切换为英文界面',

  'level.city': '市',
  'level.district': '区',
  'level.town': '镇街',
  'level.community': '村社区',
  'level.cell': '网格',
  'levelLong.city': '市级',
  'levelLong.district': '区（大网格）',
  'levelLong.town': '镇街（中网格）',
  'levelLong.community': '村社区（小网格）',
  'levelLong.cell': '基础网格',

  'layers.title': '图层',
  'layers.toggleTitle': '显示或隐藏{level}图层',
  'layers.loading': '加载中',

  'loading.grid': '正在加载网格…',
  'loading.tree': '网格已加载，正在整理层级树…',

  'tree.title': '网格层级',
  'tree.expand': '展开',
  'tree.collapse': '收起',
  'tree.childCount': '{count} 个下级',
  'tree.empty': '数据文件中还没有网格。',

  'search.placeholder': '搜索名称、编码或拼音首字母',
  'search.label': '搜索网格',
  'search.noResults': '没有找到与“{query}”匹配的网格。',
  'search.results': '找到 {count} 个结果',
  'search.more': '只显示前 {count} 个结果，请输入更多字缩小范围。',
  'search.clear': '清除搜索',

  'attr.title': '网格属性',
  'attr.code': '编码',
  'attr.name': '名称',
  'attr.level': '层级',
  'attr.parent': '上级',
  'attr.area': '面积',
  'attr.areaValue': '{value} km²',
  'attr.children': '下级数量',
  'attr.childrenValue': '{count} 个{level}',
  'attr.childrenNone': '0（基础网格为最小单元）',
  'attr.population': '人口',
  'attr.populationValue': '{value} 人',
  'attr.chief': '网格长',
  'attr.staffFullTime': '专职',
  'attr.staffPartTime': '兼职',
  'attr.staffVolunteer': '义务',
  'attr.workers': '网格员',
  'attr.workersUnnamed': '另 {count} 人未登记姓名',
  'attr.workersTotalNote': '辖内各网格合计',
  'attr.notes': '备注',
  'attr.kind': '类型',
  'attr.kind.comprehensive': '综合网格',
  'attr.kind.dedicated': '专属网格',
  'attr.subtype.office_tower': '商务楼宇',
  'attr.subtype.park': '园区',
  'attr.subtype.school': '学校',
  'attr.subtype.hospital': '医院',
  'attr.subtype.market': '市场',
  'attr.subtype.construction_site': '工地',
  'attr.subtype.other': '其他',
  'attr.none': '—',
  'attr.emptyTitle': '尚未选择网格',
  'attr.emptyHint': '在地图上点击一个网格，或在左侧层级树中选择，即可查看编码、面积、人口和人员。',
  'attr.emptySearchHint': '也可以在左上角搜索名称、编码或拼音首字母（如 “nsj”）。',
  'attr.loading': '正在读取属性…',
  'attr.error': '无法读取该网格的属性：{message}',
  'attr.flyTo': '定位到地图',
  'attr.clear': '取消选择',

  'status.dataFile': '数据文件',
  'status.schema': '数据结构版本',
  'status.schemaValue': '第 {version} 版',
  'status.counts': '数量',
  'status.host.electron': '桌面版',
  'status.host.serve': '浏览器版',
  'status.connection.lost': '与后台的连接已断开，正在重连…',
  'status.render.software': '软件渲染',
  'status.render.softwareTitle':
    '地图未用显卡加速，由处理器绘制（{renderer}），缩放和热力图会较慢，界面动画已关闭。请检查显卡驱动，或远程桌面是否允许 GPU 加速。',

  'map.loading': '正在绘制地图…',
  'map.errorTitle': '地图无法显示',
  'map.errorHint':
    '这台电脑的显卡或浏览器没有提供 WebGL。请更新显卡驱动，或在设置中开启硬件加速后重新打开格治。',
  'map.zoomIn': '放大',
  'map.zoomOut': '缩小',
  'map.resetView': '全区视图',

  'failed.title': '无法打开数据文件',
  'failed.file': '文件位置',
  'failed.why': '原因',
  'failed.todo': '怎么办',
  'failed.technical': '技术信息',
  'failed.retry': '重新连接',
  'failed.loadTitle': '无法连接到格治后台',
  'failed.loadWhy': '界面无法从后台读取数据：{message}',
  'failed.loadTodo': '请确认格治仍在运行，然后点击“重新连接”。如果问题持续，请重新启动格治。',

  'storeError.newer_schema.why': '这个数据文件由更新版本的格治创建，本程序读不懂它的数据结构。',
  'storeError.newer_schema.todo': '请把格治升级到最新版本后再打开此文件。文件没有被改动。',
  'storeError.unreadable.why': '这个文件不是格治可以读取的数据库，可能已损坏或者不是格治的数据文件。',
  'storeError.unreadable.todo':
    '文件保持原样，没有被覆盖。请从备份恢复数据文件，或使用 --data 指定另一个文件；需要时请把该文件交给技术支持检查。',
  'storeError.locked.why': '这个数据文件正被另一个格治窗口或进程使用。',
  'storeError.locked.todo':
    '请关闭其他正在使用该文件的格治，然后重新启动。如果确认没有其他程序在使用，请删除文件旁的锁文件后重试。',
  'storeError.io.why': '读写该文件时出错（可能是没有权限、磁盘已满或路径不存在）。',
  'storeError.io.todo': '请检查文件所在文件夹是否存在、是否有读写权限、磁盘是否还有空间，然后重新启动格治。',

  'error.bad_request': '请求无效。',
  'error.unknown_method': '后台不认识这个操作（{method}），界面与后台版本可能不一致。',
  'error.not_found': '没有找到编码为 {code} 的网格。',
  'error.store_unavailable': '数据文件没有打开。',
  'error.internal': '后台发生内部错误。',
  'error.unauthorized': '缺少访问令牌或密钥，或者它已失效。',
  'error.conflict': '这个操作与数据当前的状态冲突，请刷新后再试。',
  'error.rate_limited': '请求太频繁，请稍后再试。',
  'error.network': '无法连接到后台。',

  'banner.recovered': '打开数据文件时发现问题，已自动修复：',
  'banner.migrated': '数据文件已升级到新的数据结构：',
  'banner.dismiss': '知道了',
  'finding.snapshot_corrupt': '数据文件的快照已损坏。',
  'finding.snapshot_truncated': '数据文件的快照不完整（可能是上次写入时断电）。',
  'finding.restored_previous_snapshot': '已改用上一份完好的快照。',
  'finding.log_tail_torn':
    '变更日志末尾有一条未写完的记录（可能是程序被强制结束），已忽略这条未确认的记录，所有已确认的修改都在。',
  'finding.log_replayed': '已从变更日志中恢复尚未写入快照的修改。',
  'finding.migrated': '数据结构已升级。',
  'finding.backup_written': '升级前已保存一份备份。',
  'finding.corrupt_file_kept': '损坏的文件已原样保留，便于检查。',
  'finding.details': '详情',

  'date.updated': '更新于 {time}',
  ...dispatchZhCN,
  ...adminZhCN,
  ...intakeZhCN,
  ...editorZhCN,
  ...toolsZhCN,
  ...coverageZhCN,
  ...heatmapZhCN,
  ...transferZhCN,
  ...exportZhCN,
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof zhCN;
/** What every locale must provide: exactly the keys of zh-CN. */
export type Messages = Record<MessageKey, string>;
