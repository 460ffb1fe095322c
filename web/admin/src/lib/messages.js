export const LOCALES = ['zh-CN', 'en']

export const messages = {
  'zh-CN': {
    app: { title: '分销商城 · 管理后台', short: '分销商城' },
    menu: { staff: '员工管理', audit: '操作日志', account: '我的账号' },
    common: {
      loading: '加载中…', save: '保存', cancel: '取消', create: '新建', edit: '编辑', refresh: '刷新', search: '查询',
      reset: '重置', actions: '操作', yes: '是', no: '否', saved: '已保存', language: '语言', logout: '退出登录', error: '操作失败',
    },
    role: { super_admin: '超级管理员', operator: '运营', finance: '财务', support: '客服' },
    login: { title: '管理员登录', username: '用户名', password: '密码', submit: '登录', required: '请输入用户名和密码' },
    staff: {
      title: '员工管理', create: '新建员工', edit: '编辑员工', username: '用户名', displayName: '显示名称', role: '角色',
      active: '状态', enabled: '启用', disabled: '已停用', createdAt: '创建时间', lastLogin: '最近登录', password: '密码',
      newPassword: '新密码（留空不修改）', disable: '停用', enable: '启用', created: '员工账号已创建', updated: '员工账号已更新',
      confirmDisable: '停用后该账号的登录会话将全部失效，确定停用 {name}？', passwordHint: '10–128 个字符',
      invalid: { username: '用户名 3–32 位，仅限字母、数字和 _ . -', password: '密码需 10–128 个字符', role: '请选择角色', display_name: '显示名称不超过 64 个字符' },
    },
    audit: {
      title: '操作日志', action: '操作', actionFilter: '按操作前缀筛选，如 staff.', admin: '操作人', target: '对象', detail: '详情',
      ip: 'IP', time: '时间', total: '共 {n} 条',
    },
    account: { title: '我的账号', id: 'ID', username: '用户名', displayName: '显示名称', role: '角色', createdAt: '创建时间', lastLogin: '最近登录' },
    errors: { forbidden: '当前角色无权访问该页面' },
  },
  en: {
    app: { title: 'Fenxiao Mall · Admin', short: 'Fenxiao Mall' },
    menu: { staff: 'Staff', audit: 'Audit log', account: 'My account' },
    common: {
      loading: 'Loading…', save: 'Save', cancel: 'Cancel', create: 'New', edit: 'Edit', refresh: 'Refresh', search: 'Search',
      reset: 'Reset', actions: 'Actions', yes: 'Yes', no: 'No', saved: 'Saved', language: 'Language', logout: 'Log out', error: 'Failed',
    },
    role: { super_admin: 'Super admin', operator: 'Operator', finance: 'Finance', support: 'Support' },
    login: { title: 'Staff login', username: 'Username', password: 'Password', submit: 'Log in', required: 'Enter username and password' },
    staff: {
      title: 'Staff', create: 'New staff account', edit: 'Edit staff account', username: 'Username', displayName: 'Display name', role: 'Role',
      active: 'Status', enabled: 'Active', disabled: 'Disabled', createdAt: 'Created', lastLogin: 'Last login', password: 'Password',
      newPassword: 'New password (leave empty to keep)', disable: 'Disable', enable: 'Enable', created: 'Staff account created', updated: 'Staff account updated',
      confirmDisable: 'Disabling ends all of {name}\'s sessions. Disable?', passwordHint: '10–128 characters',
      invalid: { username: 'Username: 3–32 letters, digits, _ . -', password: 'Password must be 10–128 characters', role: 'Choose a role', display_name: 'Display name: at most 64 characters' },
    },
    audit: {
      title: 'Audit log', action: 'Action', actionFilter: 'Filter by action prefix, e.g. staff.', admin: 'By', target: 'Target', detail: 'Detail',
      ip: 'IP', time: 'Time', total: '{n} entries',
    },
    account: { title: 'My account', id: 'ID', username: 'Username', displayName: 'Display name', role: 'Role', createdAt: 'Created', lastLogin: 'Last login' },
    errors: { forbidden: 'Your role cannot open this page' },
  },
}

export function pickLocale(lang) {
  return String(lang || '').toLowerCase().startsWith('en') ? 'en' : 'zh-CN'
}
